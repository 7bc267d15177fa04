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
  // there from the /chat socket): one more unread message, or the total after a read. An
  // unread message deleted (`change: -1`) counts down exactly where its arrival counted up:
  // the navigation here, and on an open conversation another room's badge and the
  // navigation's (chat.js counts those up, `bumpOtherRoom`); a message in the open room was
  // never counted, and the next read sets the total.
  var chatBadge = document.querySelector("[data-chat-unread]");
  var chatPage = document.querySelector("[data-chat]");
  var openRoom = chatPage && chatPage.dataset.roomId;
  function add(badge, change) {
    if (!badge) { return; }
    var count = Math.max(0, Number(badge.firstChild.nodeValue) + change);
    badge.firstChild.nodeValue = String(count);
    badge.hidden = count === 0;
  }
  socket.on("chat_unread", function (data) {
    if (!data) { return; }
    if (data.change === -1) {
      if (!openRoom) { add(chatBadge, -1); return; }
      if (String(data.room_id) !== openRoom) {
        add(chatBadge, -1);
        add(document.querySelector('[data-room="' + data.room_id + '"] [data-room-unread]'), -1);
      }
      return;
    }
    if (!chatBadge || openRoom) { return; }
    if (typeof data.unread_total === "number") {
      chatBadge.firstChild.nodeValue = String(data.unread_total);
      chatBadge.hidden = data.unread_total === 0;
    } else {
      add(chatBadge, 1);
    }
  });
  socket.on("unread", function (data) {
    if (data && typeof data.unread === "number") { show(data.unread); }
  });
})();
