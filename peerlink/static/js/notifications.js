// Keeps the unread badge live in every open tab: the server pushes each new notification,
// and the new count whenever notifications are read (here or in another tab), to our
// personal room.
(function () {
  "use strict";
  if (typeof io === "undefined") { return; }
  var badge = document.querySelector("[data-unread-count]");
  var socket = io("/notifications", { transports: ["websocket", "polling"] });
  function show(count) {
    if (!badge) { return; }
    badge.firstChild.nodeValue = String(count);
    badge.hidden = count === 0;
  }
  function ask() {
    socket.emit("unread_count", {}, function (ack) { if (ack && ack.ok) { show(ack.unread); } });
  }
  socket.on("connect", ask);
  socket.on("notification", ask);
  socket.on("unread", function (data) {
    if (data && typeof data.unread === "number") { show(data.unread); }
  });
})();
