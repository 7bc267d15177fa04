// The chat page's live client over the /chat namespace (docs/socketio.md). The page is
// rendered with the latest messages; this script then keeps it live: new, edited and
// deleted messages, typing, presence, read markers. After a network drop it catches up with
// `sync` from the newest message it holds, then resends what was not acknowledged, each with
// its own client_id, so nothing is lost and nothing is stored twice. A message the PHI guard
// flags comes back with its findings: it is held (out of the outbox), shown with what may
// identify someone marked, and sent again only if the member confirms it is de-identified
// (where the room allows that) or after they edit it.
// Live messages that come while it catches up wait until the gap before them is filled
// (a newer one must not become "the newest held" first), and the server's `resync` (its live
// events were interrupted) starts another catch-up.
(function () {
  "use strict";
  var chat = document.querySelector("[data-chat]");
  if (!chat || typeof io === "undefined" || !chat.dataset.roomId) { return; }
  var roomId = Number(chat.dataset.roomId);
  var me = Number(chat.dataset.me);
  var mayPost = chat.hasAttribute("data-may-post");
  var mayModerate = chat.hasAttribute("data-may-moderate");
  var list = chat.querySelector("[data-messages]");
  var composer = chat.querySelector("[data-composer]");
  var box = composer && composer.querySelector("textarea");
  var typingLine = chat.querySelector("[data-typing]");
  var announcer = chat.querySelector("[data-announcer]");
  var state = chat.querySelector("[data-connection-state]");
  var olderWrap = chat.querySelector("[data-older-wrap]");
  var held = chat.querySelector("[data-phi-held]");
  var outboxKey = "peerlink.chat.outbox." + roomId;
  var outbox = load();  // [{client_id, body}] not acknowledged yet, oldest first
  var typingTimers = {};
  var lastTyping = 0;
  var syncing = false;
  var heldBack = [];  // live messages that came while catching up
  var socket = io("/chat", { transports: ["websocket", "polling"] });

  function load() {
    try { return JSON.parse(sessionStorage.getItem(outboxKey) || "[]"); } catch (e) { return []; }
  }
  function save() {
    try { sessionStorage.setItem(outboxKey, JSON.stringify(outbox)); } catch (e) { /* full */ }
  }
  function newClientId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function say(text) {
    var line = document.createElement("p");
    line.textContent = text;
    announcer.appendChild(line);
    while (announcer.childNodes.length > 5) { announcer.removeChild(announcer.firstChild); }
  }
  function newestId() {
    var items = list.querySelectorAll("[data-message-id]");
    return items.length ? Number(items[items.length - 1].dataset.messageId) : 0;
  }
  function oldestId() {
    var first = list.querySelector("[data-message-id]");
    return first ? Number(first.dataset.messageId) : 0;
  }
  function nearBottom() {
    return list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  }

  // A time as the server writes it (peerlink/local_time.py) in the member's zone: "30 Nov
  // 2026, 23:43 CST" (Intl names some zones only by offset, "GMT+1").
  var timeParts = null;
  try {
    timeParts = new Intl.DateTimeFormat("en-US", {
      day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit",
      hourCycle: "h23", timeZone: chat.dataset.timeZone || "UTC", timeZoneName: "short" });
  } catch (e) { timeParts = null; }
  function localTime(iso) {
    var moment = new Date(iso);
    if (!timeParts || isNaN(moment)) { return moment.toLocaleString(); }
    var part = {};
    timeParts.formatToParts(moment).forEach(function (p) { part[p.type] = p.value; });
    return part.day + " " + part.month + " " + part.year + ", " + part.hour + ":" + part.minute +
      " " + part.timeZoneName;
  }

  function render(message, pending) {
    var item = document.createElement("li");
    item.className = "message" + (message.author && message.author.id === me ? " mine" : "") +
      (message.deleted ? " deleted" : "") + (pending ? " pending" : "");
    if (message.id) { item.dataset.messageId = message.id; }
    if (message.client_id) { item.dataset.clientId = message.client_id; }
    if (message.author) { item.dataset.author = message.author.id; }
    var meta = document.createElement("p");
    meta.className = "message-meta";
    var who = document.createElement("strong");
    who.textContent = pending ? "You" : message.author.display_name;
    meta.appendChild(who);
    meta.appendChild(document.createTextNode(" "));
    if (pending) {
      var note = document.createElement("span");
      note.className = "pending-note";
      note.textContent = "Sending…";
      meta.appendChild(note);
    } else {
      var time = document.createElement("time");
      time.dateTime = message.created_at;
      time.textContent = localTime(message.created_at);
      meta.appendChild(time);
      if (message.edited_at && !message.deleted) {
        var edited = document.createElement("span");
        edited.className = "edited";
        edited.textContent = " (edited)";
        meta.appendChild(edited);
      }
    }
    item.appendChild(meta);
    var body;
    if (message.deleted) {
      body = document.createElement("p");
      var em = document.createElement("em");
      em.textContent = message.removed_reason ? "Removed by a moderator: " + message.removed_reason
        : "Message deleted";
      body.appendChild(em);
    } else if (pending) {
      body = document.createElement("p");
      body.textContent = message.body;
    } else {
      body = document.createElement("div");
      body.innerHTML = message.html;  // made safe on the server (peerlink/markdown.py)
      if (message.author && message.author.id === me) { body.dataset.source = message.body; }
    }
    body.classList.add("message-body");
    item.appendChild(body);
    if (!pending) { addControls(item); }
    return item;
  }

  // --- editing and deleting ----------------------------------------------------------------
  // Own messages: Edit and Delete (where the member may write); a room's moderators: Remove
  // on others', with a reason (docs/socketio.md `edit` / `delete`).
  function addControls(item) {
    if (!item.dataset.messageId || item.classList.contains("deleted") ||
        item.querySelector(".message-actions")) { return; }
    var own = Number(item.dataset.author) === me;
    if (own ? !mayPost : !mayModerate) { return; }
    var actions = document.createElement("p");
    actions.className = "message-actions";
    if (own) {
      actions.appendChild(smallButton("Edit", "Edit your message", function () { startEdit(item); }));
      actions.appendChild(document.createTextNode(" "));
      actions.appendChild(smallButton("Delete", "Delete your message", function () { deleteOwn(item); }));
    } else {
      var name = item.querySelector(".message-meta strong");
      actions.appendChild(smallButton("Remove", "Remove " + (name ? name.textContent : "this member") +
                                      "'s message", function () { removeOther(item); }));
    }
    item.appendChild(actions);
  }
  function smallButton(label, name, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button-link";
    b.textContent = label;
    b.setAttribute("aria-label", name);
    b.addEventListener("click", action);
    return b;
  }
  function failed(item, text) {
    var note = item.querySelector(".message-error") || document.createElement("p");
    note.className = "field-error message-error";
    note.setAttribute("role", "alert");
    note.textContent = text;
    item.appendChild(note);
  }
  function startEdit(item) {
    var id = Number(item.dataset.messageId);
    var body = item.querySelector(".message-body");
    var actions = item.querySelector(".message-actions");
    if (!body || item.querySelector(".message-edit")) { return; }
    var form = document.createElement("form");
    form.className = "message-edit";
    var label = document.createElement("label");
    label.className = "visually-hidden";
    label.htmlFor = "edit-" + id;
    label.textContent = "Edit your message";
    var area = document.createElement("textarea");
    area.id = "edit-" + id;
    area.rows = 2;
    area.maxLength = box ? box.maxLength : 4000;
    area.value = body.dataset.source !== undefined ? body.dataset.source : body.textContent.trim();
    var hint = document.createElement("p");
    hint.className = "hint";
    hint.id = "edit-hint-" + id;
    hint.textContent = "Enter saves; Shift+Enter starts a new line; Escape cancels.";
    area.setAttribute("aria-describedby", hint.id);
    var flaggedArea = document.createElement("div");
    flaggedArea.className = "phi-held";
    flaggedArea.hidden = true;
    var buttons = document.createElement("p");
    buttons.className = "phi-actions";
    function cancel() {
      item.replaceChild(body, form);
      if (actions) { actions.hidden = false; }
      var edit = actions && actions.querySelector("button");
      if (edit) { edit.focus(); }
    }
    function save(confirmed) {
      var text = area.value.trim();
      if (!text) { return; }
      socket.timeout(10000).emit("edit", { message_id: id, body: text, confirm_deidentified: Boolean(confirmed) },
        function (err, ack) {
          if (err) { failed(item, "Not saved: no answer from the server. Try again."); return; }
          if (ack.ok) {
            place(ack.message);
            var again = list.querySelector('[data-message-id="' + id + '"] .message-actions button');
            if (again) { again.focus(); }
          } else if (ack.error && ack.error.findings) {
            showFlagged(flaggedArea, text, ack.error, "Not saved.", function () { flaggedArea.hidden = true; area.focus(); },
                        "Save anyway — it is de-identified", function () { save(true); });
            flaggedArea.scrollIntoView({ block: "nearest" });  // it opens inside the scrolled list
          } else {
            failed(item, "Not saved: " + (ack.error ? ack.error.message : "try again."));
          }
        });
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); save(false); });
    area.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); save(false); }
      else if (event.key === "Escape") { event.preventDefault(); cancel(); }
    });
    buttons.appendChild(button("Save", function () { save(false); }));
    buttons.appendChild(document.createTextNode(" "));
    buttons.appendChild(button("Cancel", cancel));
    form.appendChild(label);
    form.appendChild(flaggedArea);
    form.appendChild(area);
    form.appendChild(hint);
    form.appendChild(buttons);
    item.replaceChild(form, body);
    if (actions) { actions.hidden = true; }
    area.focus();
  }
  function sendDelete(item, payload) {
    socket.timeout(10000).emit("delete", payload, function (err, ack) {
      if (err) { failed(item, "Not deleted: no answer from the server. Try again."); return; }
      if (ack.ok) {
        place(ack.message);
        say("Message deleted.");
        // Its buttons are gone with its text: the keyboard stays on the message, not the page's top.
        var placed = list.querySelector('[data-message-id="' + ack.message.id + '"]');
        if (placed) { placed.tabIndex = -1; placed.focus(); }
      }
      else { failed(item, "Not deleted: " + (ack.error ? ack.error.message : "try again.")); }
    });
  }
  function deleteOwn(item) {
    if (!window.confirm("Delete your message? Everyone in the conversation sees it was deleted.")) { return; }
    sendDelete(item, { message_id: Number(item.dataset.messageId) });
  }
  function removeOther(item) {
    var reason = window.prompt("Why do you remove this message? Everyone in the conversation sees the reason.");
    if (reason === null) { return; }
    reason = reason.trim();
    if (!reason) { failed(item, "Not removed: say why you remove this message."); return; }
    sendDelete(item, { message_id: Number(item.dataset.messageId), reason: reason });
  }

  // Put a stored message in its place (id order), replacing its pending copy or an older
  // version of itself.
  function place(message) {
    var stick = nearBottom();
    var item = render(message, false);
    var existing = list.querySelector('[data-message-id="' + message.id + '"]') ||
      (message.client_id && list.querySelector('.pending[data-client-id="' + message.client_id + '"]'));
    if (existing) {
      list.replaceChild(item, existing);
      return false;
    }
    // Before the first stored message with a larger id, else before the unsent ones.
    var before = null;
    var items = list.querySelectorAll("[data-message-id]");
    for (var i = 0; i < items.length; i += 1) {
      if (Number(items[i].dataset.messageId) > message.id) { before = items[i]; break; }
    }
    list.insertBefore(item, before || list.querySelector(".pending"));
    if (stick) { list.scrollTop = list.scrollHeight; }
    return true;
  }

  function markRead() {
    var newest = newestId();
    if (!newest || document.hidden || Number(chat.dataset.lastRead) >= newest) { return; }
    socket.emit("read", { room_id: roomId, message_id: newest }, function (ack) {
      if (ack && ack.ok) { chat.dataset.lastRead = ack.last_read_message_id; showUnread(ack); }
    });
  }
  function showUnread(data) {
    var badge = document.querySelector('[data-room="' + data.room_id + '"] [data-room-unread]');
    if (badge) { badge.firstChild.nodeValue = String(data.unread); badge.hidden = !data.unread; }
    var total = document.querySelector("[data-chat-unread]");
    if (total && typeof data.unread_total === "number") {
      total.firstChild.nodeValue = String(data.unread_total);
      total.hidden = !data.unread_total;
    }
  }
  function bumpOtherRoom(otherRoomId) {
    var badge = document.querySelector('[data-room="' + otherRoomId + '"] [data-room-unread]');
    var total = document.querySelector("[data-chat-unread]");
    [badge, total].forEach(function (b) {
      if (!b) { return; }
      b.firstChild.nodeValue = String(Number(b.firstChild.nodeValue) + 1);
      b.hidden = false;
    });
  }

  // --- catching up and resending ----------------------------------------------------------
  function sync(done, afterId) {
    var after = afterId === undefined ? newestId() : afterId;
    socket.emit("sync", { room_id: roomId, after_id: after }, function (ack) {
      if (!ack || !ack.ok) {
        if (ack && ack.error && ack.error.code === 503) { setTimeout(function () { sync(done, after); }, 2000); return; }
        done(); return;
      }
      ack.messages.forEach(function (m) { if (place(m) && m.author.id !== me) { say(m.author.display_name + ": " + (m.body || "")); } });
      // The next page after this one's last message: not the newest held, which a live
      // message may have moved on meanwhile.
      if (ack.has_more && ack.messages.length) { sync(done, ack.messages[ack.messages.length - 1].id); } else { done(); }
    });
  }
  var catchUpAgain = false;
  function catchUp() {
    if (syncing) { catchUpAgain = true; return; }
    syncing = true;
    catchUpAgain = false;
    sync(function () {
      syncing = false;
      var waiting = heldBack.sort(function (a, b) { return a.id - b.id; });
      heldBack = [];
      waiting.forEach(showLive);
      if (catchUpAgain) { catchUp(); return; }
      flush();
      markRead();
    });
  }
  function flush() {
    if (!outbox.length || !socket.connected) { return; }
    var next = outbox[0];
    socket.timeout(10000).emit("send", { room_id: roomId, body: next.body, client_id: next.client_id,
                                         confirm_deidentified: Boolean(next.confirm) },
      function (err, ack) {
        if (err) { return; }  // no answer: kept, resent after the next (re)connect
        if (ack.ok) {
          outbox.shift();
          save();
          place(ack.message);
          markRead();
          flush();
        } else if (ack.error && ack.error.findings) {
          outbox.shift();
          save();
          var flagged = list.querySelector('.pending[data-client-id="' + next.client_id + '"]');
          if (flagged) { list.removeChild(flagged); }
          hold(next, ack.error);
          flush();
        } else if (ack.error && (ack.error.code === 429 || ack.error.code === 503)) {
          // Over the limit, or the server briefly cannot reach its database: kept and
          // tried again (the same client_id never stores the message twice).
          state.textContent = ack.error.message;
          setTimeout(flush, 1000 * ((ack.error.errors && ack.error.errors.retry_after) || 3));
        } else {
          outbox.shift();
          save();
          var stuck = list.querySelector('.pending[data-client-id="' + next.client_id + '"]');
          if (stuck) { stuck.querySelector(".pending-note").textContent = "Not sent: " + ack.error.message; stuck.classList.add("failed"); }
          flush();
        }
      });
  }

  socket.on("connect", function () {
    state.textContent = "";
    syncing = true;  // live messages wait from now until the catch-up is done
    socket.emit("join", { room_id: roomId }, function (ack) {
      if (!ack || !ack.ok) { syncing = false; state.textContent = ack && ack.error ? ack.error.message : "This conversation cannot be opened."; return; }
      ack.room.online.forEach(function (id) { showPresence(id, true); });
      syncing = false;
      catchUp();
    });
  });
  socket.on("resync", catchUp);
  socket.on("disconnect", function (reason) {
    state.textContent = "Offline: messages you send now go out when the connection is back.";
    if (reason === "io server disconnect") { socket.connect(); }
  });
  function showLive(m) {
    if (place(m) && m.author.id !== me) {
      say(m.author.display_name + ": " + (m.body || ""));
      clearTyping(m.author.id);
    }
  }
  // Another room's messages counted up on this page, by id: a resend is announced again,
  // and the member's own (from another device) is nobody's unread.
  var counted = {};
  socket.on("new_message", function (m) {
    if (m.room_id !== roomId) {
      if (m.author.id !== me && !counted[m.id]) { counted[m.id] = true; bumpOtherRoom(m.room_id); }
      return;
    }
    if (syncing) { heldBack.push(m); return; }
    showLive(m);
    markRead();
  });
  socket.on("message_edited", function (m) { if (m.room_id === roomId) { place(m); } });
  socket.on("message_deleted", function (m) { if (m.room_id === roomId) { place(m); } });
  socket.on("room_read", showUnread);
  socket.on("presence", function (data) { showPresence(data.user_id, data.online); });
  socket.on("typing", function (data) {
    if (data.room_id !== roomId) { return; }
    var id = data.member.id;
    clearTimeout(typingTimers[id] && typingTimers[id].timer);
    typingTimers[id] = { name: data.member.display_name, timer: setTimeout(function () { clearTyping(id); }, 4000) };
    showTyping();
  });
  function clearTyping(id) {
    if (typingTimers[id]) { clearTimeout(typingTimers[id].timer); delete typingTimers[id]; }
    showTyping();
  }
  function showTyping() {
    var names = Object.keys(typingTimers).map(function (id) { return typingTimers[id].name; });
    typingLine.textContent = names.length ? names.join(", ") + (names.length > 1 ? " are" : " is") + " typing…" : "";
  }
  function showPresence(userId, online) {
    var mark = chat.querySelector('[data-member="' + userId + '"] [data-presence]');
    if (mark) { mark.hidden = !online; }
  }

  // --- flagged messages -------------------------------------------------------------------
  // Offsets count code points (the server's string indices), not UTF-16 units.
  function marked(body, findings) {
    var chars = Array.from(body);
    var text = document.createElement("p");
    text.className = "phi-text";
    var at = 0;
    findings.slice().sort(function (a, b) { return a.start - b.start; }).forEach(function (f) {
      if (f.start < at || f.end > chars.length) { return; }
      text.appendChild(document.createTextNode(chars.slice(at, f.start).join("")));
      var mark = document.createElement("mark");
      mark.className = "phi-mark";
      mark.dataset.phiCategory = f.category;
      mark.textContent = chars.slice(f.start, f.end).join("");
      var why = document.createElement("span");
      why.className = "visually-hidden";
      why.textContent = " (flagged)";
      mark.appendChild(why);
      text.appendChild(mark);
      at = f.end;
    });
    text.appendChild(document.createTextNode(chars.slice(at).join("")));
    return text;
  }
  function button(label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button";
    b.textContent = label;
    b.addEventListener("click", action);
    return b;
  }
  // What the guard flagged in `body`, in `area`: the text with its findings marked, advice,
  // "Edit the message" (`onEdit`) and, where the room allows it, `confirmLabel` (`onConfirm`).
  // For a send (held back from the outbox) and an edit alike.
  function showFlagged(area, body, error, notDone, onEdit, confirmLabel, onConfirm) {
    var findings = error.findings.body || [];
    area.textContent = "";
    var heading = document.createElement("p");
    heading.className = "field-error";
    heading.setAttribute("role", "alert");
    heading.textContent = notDone + " " + error.message;
    area.appendChild(heading);
    area.appendChild(marked(body, findings));
    var advice = document.createElement("ul");
    advice.className = "phi-advice";
    var seen = {};
    findings.forEach(function (f) {
      if (seen[f.category]) { return; }
      seen[f.category] = true;
      var item = document.createElement("li");
      item.textContent = f.advice;
      advice.appendChild(item);
    });
    area.appendChild(advice);
    var actions = document.createElement("p");
    actions.className = "phi-actions";
    actions.appendChild(button("Edit the message", onEdit));
    if (error.confirmable) {
      actions.appendChild(document.createTextNode(" "));
      actions.appendChild(button(confirmLabel, function () { area.hidden = true; onConfirm(); }));
    }
    area.appendChild(actions);
    area.hidden = false;
  }
  function hold(entry, error) {
    if (!held) { return; }
    showFlagged(held, entry.body, error, "Not sent.", function () {
      held.hidden = true;
      if (!box.value.trim()) { box.value = entry.body; }
      box.focus();
    }, "Send anyway — it is de-identified", function () {
      queue({ client_id: entry.client_id, body: entry.body, confirm: true });
    });
  }

  // --- the composer ------------------------------------------------------------------------
  function queue(entry) {
    outbox.push(entry);
    save();
    list.appendChild(render(entry, true));
    list.scrollTop = list.scrollHeight;
    flush();
  }
  function submit(event) {
    if (event) { event.preventDefault(); }
    var body = box.value.trim();
    if (!body) { return; }
    if (held) { held.hidden = true; }
    box.value = "";
    queue({ client_id: newClientId(), body: body });
  }
  if (composer) {
    var enterHint = composer.querySelector("[data-enter-hint]");
    if (enterHint) { enterHint.hidden = false; }  // true only with this script
    composer.addEventListener("submit", submit);
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { submit(event); }
    });
    box.addEventListener("input", function () {
      var now = Date.now();
      if (now - lastTyping > 3000 && socket.connected) {
        lastTyping = now;
        socket.emit("typing", { room_id: roomId });
      }
    });
  }

  // --- older history -----------------------------------------------------------------------
  var loadingOlder = false;
  function loadOlder() {
    if (loadingOlder || !olderWrap || olderWrap.hidden) { return; }
    loadingOlder = true;
    var height = list.scrollHeight;
    fetch("/api/v1/rooms/" + roomId + "/messages?limit=50&before=" + oldestId(), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (page) {
        page.messages.forEach(place);
        olderWrap.hidden = !page.has_more;
        list.scrollTop = list.scrollHeight - height;
      })
      .finally(function () { loadingOlder = false; });
  }
  var older = chat.querySelector("[data-load-older]");
  if (older) { older.addEventListener("click", loadOlder); }
  list.addEventListener("scroll", function () { if (list.scrollTop < 40) { loadOlder(); } });
  document.addEventListener("visibilitychange", markRead);
  // The browser knows first when the network goes: stop waiting on a dead socket, and
  // reconnect (then catch up and resend) as soon as it is back.
  window.addEventListener("offline", function () { socket.disconnect(); });
  window.addEventListener("online", function () { if (!socket.connected) { socket.connect(); } });

  // The page's messages get their Edit / Delete / Remove buttons; unsent messages from
  // before a reload come back; then jump to the first unread message.
  Array.prototype.forEach.call(list.querySelectorAll("[data-message-id]"), addControls);
  outbox.forEach(function (entry) { list.appendChild(render(entry, true)); });
  var lastRead = Number(chat.dataset.lastRead);
  var firstUnread = Array.prototype.find.call(list.querySelectorAll("[data-message-id]"), function (item) {
    return Number(item.dataset.messageId) > lastRead && Number(item.dataset.author) !== me;
  });
  if (firstUnread) {
    firstUnread.classList.add("first-unread");
    list.scrollTop = firstUnread.offsetTop - list.offsetTop - 40;
  } else {
    list.scrollTop = list.scrollHeight;
  }
})();
