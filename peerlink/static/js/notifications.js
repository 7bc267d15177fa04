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
  // The chat badges on every page but an open conversation (chat.js keeps that page's from
  // the /chat socket): the navigation's, and on the rooms list each room's. One more unread
  // message, one less (an unread message deleted: `change: -1`), or the counts after a read.
  // On an open conversation a deletion in another room counts down that room's badge and the
  // navigation's, which chat.js counted up (`bumpOtherRoom`); one in the open room was never
  // counted, and the next read sets the counts.
  var chatBadge = document.querySelector("[data-chat-unread]");
  var chatPage = document.querySelector("[data-chat]");
  var openRoom = chatPage && chatPage.dataset.roomId;
  function roomBadge(roomId) {
    return document.querySelector('[data-room="' + roomId + '"] [data-room-unread]');
  }
  function set(badge, count) {
    if (!badge) { return; }
    badge.firstChild.nodeValue = String(Math.max(0, count));
    badge.hidden = count <= 0;
  }
  function add(badge, change) {
    if (badge) { set(badge, Number(badge.firstChild.nodeValue) + change); }
  }
  // A message in a room the chat page does not list yet (a conversation just started with
  // the member): the page's rooms list is read again, with that room and its count.
  var refreshing = false, refreshAgain = false;
  function refreshRoomsList() {
    if (refreshing) { refreshAgain = true; return; }
    if (!document.querySelector("[data-rooms-pane]") || !window.fetch || !window.DOMParser) {
      return;
    }
    refreshing = true;
    fetch(location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        var fresh = html && new DOMParser().parseFromString(html, "text/html")
          .querySelector("[data-rooms-pane]");
        var pane = document.querySelector("[data-rooms-pane]");
        if (fresh && pane) { pane.replaceWith(fresh); }
      })
      .catch(function () { /* the next page shows it */ })
      .then(function () {
        refreshing = false;
        if (refreshAgain) { refreshAgain = false; refreshRoomsList(); }
      });
  }
  socket.on("chat_unread", function (data) {
    if (!data) { return; }
    if (data.message_id && !data.change && chatPage && !roomBadge(data.room_id)) {
      refreshRoomsList();
    }
    if (openRoom && !(data.change === -1 && String(data.room_id) !== openRoom)) { return; }
    if (typeof data.unread_total === "number") {
      set(chatBadge, data.unread_total);
      if (typeof data.unread === "number") { set(roomBadge(data.room_id), data.unread); }
      return;
    }
    var change = data.change === -1 ? -1 : 1;
    add(chatBadge, change);
    add(roomBadge(data.room_id), change);
  });
  socket.on("unread", function (data) {
    if (data && typeof data.unread === "number") { show(data.unread); }
  });
})();
