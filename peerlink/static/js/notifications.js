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
  // The server closes a member's sockets when they sign out, change their password, are
  // suspended or deleted, on every device; where this page's session still holds, it
  // connects again (and is refused otherwise).
  socket.on("disconnect", function (reason) {
    if (reason === "io server disconnect") { socket.connect(); }
  });
  // The navigation's chat badge, on every page but an open conversation (chat.js keeps it
  // there from the /chat socket): one more unread message, or the total after a read.
  var chatBadge = document.querySelector("[data-chat-unread]");
  var chatPage = document.querySelector("[data-chat]");
  socket.on("chat_unread", function (data) {
    if (!chatBadge || !data || (chatPage && chatPage.dataset.roomId)) { return; }
    var count = typeof data.unread_total === "number" ? data.unread_total
      : Number(chatBadge.firstChild.nodeValue) + 1;
    chatBadge.firstChild.nodeValue = String(count);
    chatBadge.hidden = count === 0;
  });
  socket.on("unread", function (data) {
    if (data && typeof data.unread === "number") { show(data.unread); }
  });
})();
