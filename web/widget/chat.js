// The clinic's chat widget. scripts/build_widget.py wraps this file with socket.io-client into
// web/dist/clinic-chat.js, which a site embeds with one tag:
//   <script src="https://ASSISTANT-HOST/clinic-chat.js" data-server="https://ASSISTANT-HOST" defer></script>
// It talks Rasa's socket.io protocol (session_request/session_confirm/user_uttered/bot_uttered).
// Rules kept here: bot and patient text only ever goes into textContent (never HTML); nothing
// is loaded from any other site; everything works with the keyboard and a screen reader.
/* global io */

var script = document.currentScript;
var config = {
  server: script.getAttribute("data-server") || new URL(script.src).origin,
  title: script.getAttribute("data-title") || "Clinic assistant",
  launcherText: script.getAttribute("data-launcher") || "Questions? Chat with us",
  initPayload: script.getAttribute("data-init-payload") || "/greet",
};
// A conversation left alone this long starts afresh (Rasa starts a new session after 60
// minutes too), so health details do not sit in the browser for days.
var IDLE_LIMIT_MS = 60 * 60 * 1000;
var NO_REPLY_MS = 30 * 1000;
var STORE_KEY = "clinic-chat:" + config.server;
var OPEN_KEY = STORE_KEY + ":open";
// Replies are saved by the tab whose message they answer; other tabs follow the saved copy.
var TAB_ID = Math.random().toString(36).slice(2);

function loadState() {
  try {
    var saved = JSON.parse(localStorage.getItem(STORE_KEY));
    if (saved && saved.sessionId && Date.now() - saved.updated < IDLE_LIMIT_MS) return saved;
  } catch (ignored) {
    // unreadable or blocked storage: start afresh
  }
  return { sessionId: null, messages: [], updated: Date.now(), lastSender: null };
}

function saveState() {
  state.updated = Date.now();
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify(state));
  } catch (ignored) {
    // private mode without storage: the conversation still works, it just won't survive a reload
  }
}

var state = loadState();

var CSS = [
  ":host { all: initial; }",
  "* { box-sizing: border-box; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }",
  ".launcher, .panel { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; }",
  ".launcher { min-height: 48px; padding: 12px 20px; border: 0; border-radius: 24px; background: #0b5cad;",
  "  color: #fff; font-size: 16px; font-weight: 600; cursor: pointer; box-shadow: 0 2px 8px rgba(0,0,0,.3); }",
  ".panel { width: 380px; max-width: calc(100vw - 32px); height: 560px; max-height: calc(100vh - 32px);",
  "  display: flex; flex-direction: column; background: #fff; color: #1a1a1a; border-radius: 12px;",
  "  box-shadow: 0 4px 24px rgba(0,0,0,.35); overflow: hidden; font-size: 16px; line-height: 1.45; }",
  ".panel[hidden], .launcher[hidden], .typing[hidden] { display: none; }",
  "header { display: flex; align-items: center; gap: 8px; padding: 8px 8px 8px 16px; background: #0b5cad; color: #fff; }",
  "h2 { flex: 1; margin: 0; font-size: 17px; }",
  "header button { min-height: 40px; min-width: 40px; padding: 6px 10px; border: 1px solid #fff; border-radius: 6px;",
  "  background: transparent; color: #fff; font-size: 14px; cursor: pointer; }",
  ".log { flex: 1; overflow-y: auto; margin: 0; padding: 12px; list-style: none; }",
  ".msg { margin: 0 0 10px; display: flex; flex-direction: column; }",
  ".bubble { max-width: 85%; padding: 8px 12px; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }",
  ".bot .bubble { align-self: flex-start; background: #eef1f4; }",
  ".user .bubble { align-self: flex-end; background: #0b5cad; color: #fff; }",
  ".notice .bubble { align-self: center; background: #fff4e5; color: #5c3200; border: 1px solid #c77700; }",
  ".bubble a { color: inherit; text-decoration: underline; }",
  ".replies { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }",
  ".replies button { min-height: 44px; padding: 8px 14px; border: 2px solid #0b5cad; border-radius: 22px;",
  "  background: #fff; color: #0b5cad; font-size: 15px; cursor: pointer; }",
  ".replies button:hover { background: #e6f0fa; }",
  ".typing { margin: 0; padding: 4px 16px 8px; color: #444; font-size: 14px; font-style: italic; }",
  "form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #ccd3da; }",
  "form input { flex: 1; min-width: 0; min-height: 44px; padding: 8px 10px; border: 2px solid #5a6772;",
  "  border-radius: 8px; font-size: 16px; color: #1a1a1a; background: #fff; }",
  "form button { min-height: 44px; padding: 8px 16px; border: 0; border-radius: 8px; background: #0b5cad;",
  "  color: #fff; font-size: 16px; font-weight: 600; cursor: pointer; }",
  ".sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;",
  "  clip: rect(0,0,0,0); white-space: nowrap; border: 0; }",
  // A focus ring that shows on blue and on white alike.
  ":focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; box-shadow: 0 0 0 5px #1a1a1a; }",
  "form input:focus-visible { outline-offset: 0; }",
  "@media (max-width: 480px) {",
  "  .panel { right: 0; bottom: 0; width: 100vw; max-width: 100vw; height: 100%; max-height: 100%; border-radius: 0; }",
  "}",
  "@media (prefers-reduced-motion: no-preference) { .typing { animation: pulse 1.5s ease-in-out infinite; } }",
  "@keyframes pulse { 50% { opacity: .55; } }",
].join("\n");

function element(tag, attributes, text) {
  var node = document.createElement(tag);
  Object.keys(attributes || {}).forEach(function (name) {
    node.setAttribute(name, attributes[name]);
  });
  if (text) node.textContent = text;
  return node;
}

// Web addresses, e-mail addresses and phone numbers become links; everything else stays text.
var LINK_PATTERN = /(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)])|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)|(\+?\d[\d ().-]{6,}\d)/g;

function appendText(parent, text) {
  var last = 0;
  String(text).replace(LINK_PATTERN, function (match, url, email, phone, offset) {
    parent.appendChild(document.createTextNode(text.slice(last, offset)));
    last = offset + match.length;
    if (phone && phone.replace(/\D/g, "").length < 7) {
      parent.appendChild(document.createTextNode(match)); // a number, not a phone number
      return match;
    }
    var href = url ? url : email ? "mailto:" + email : "tel:" + phone.replace(/[^\d+]/g, "");
    var link = element("a", { href: href }, match);
    if (url) {
      link.target = "_blank";
      link.rel = "noopener noreferrer";
    }
    parent.appendChild(link);
    return match;
  });
  parent.appendChild(document.createTextNode(text.slice(last)));
}

var host = element("div", { id: "clinic-chat" });
var root = host.attachShadow({ mode: "open" });
// A constructed style sheet, so a site whose Content-Security-Policy forbids inline styles
// still shows the widget; a <style> element where browsers lack them.
if (root.adoptedStyleSheets !== undefined && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
  var sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];
} else {
  root.appendChild(element("style", {}, CSS));
}

var launcher = element("button", { type: "button", class: "launcher", "aria-expanded": "false",
  "aria-controls": "clinic-chat-panel" }, config.launcherText);
var panel = element("section", { id: "clinic-chat-panel", class: "panel", "aria-labelledby": "clinic-chat-title" });
panel.hidden = true;
var header = element("header");
header.appendChild(element("h2", { id: "clinic-chat-title" }, config.title));
var restartButton = element("button", { type: "button" }, "New chat");
var closeButton = element("button", { type: "button", "aria-label": "Close chat" }, "\u2715");
header.appendChild(restartButton);
header.appendChild(closeButton);
var log = element("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": "Conversation" });
var typing = element("p", { class: "typing", role: "status" }, "The assistant is typing\u2026");
typing.hidden = true;
var form = element("form");
var inputId = "clinic-chat-input";
form.appendChild(element("label", { for: inputId, class: "sr-only" }, "Your message"));
var input = element("input", { id: inputId, type: "text", autocomplete: "off", maxlength: "1000",
  placeholder: "Type your question\u2026" });
form.appendChild(input);
form.appendChild(element("button", { type: "submit" }, "Send"));
panel.appendChild(header);
panel.appendChild(log);
panel.appendChild(typing);
panel.appendChild(form);
root.appendChild(launcher);
root.appendChild(panel);

function renderMessage(message, isLatest) {
  var item = element("div", { class: "msg " + message.from });
  var bubble = element("div", { class: "bubble" });
  var speaker = { bot: "Assistant: ", user: "You: ", notice: "" }[message.from];
  if (speaker) bubble.appendChild(element("span", { class: "sr-only" }, speaker));
  appendText(bubble, message.text || "");
  item.appendChild(bubble);
  // Only the latest message offers its buttons: an older choice no longer fits the conversation.
  if (isLatest && message.buttons && message.buttons.length) {
    var replies = element("div", { class: "replies", role: "group", "aria-label": "Suggested replies" });
    message.buttons.forEach(function (button) {
      var choice = element("button", { type: "button" }, button.title);
      choice.addEventListener("click", function () {
        send(button.payload, button.title);
        input.focus();
      });
      replies.appendChild(choice);
    });
    item.appendChild(replies);
  }
  return item;
}

function renderAll() {
  log.textContent = "";
  state.messages.forEach(function (message, index) {
    log.appendChild(renderMessage(message, index === state.messages.length - 1));
  });
  log.scrollTop = log.scrollHeight;
}

function addMessage(message) {
  var previous = log.lastElementChild;
  var oldReplies = previous && previous.querySelector(".replies");
  if (oldReplies) oldReplies.remove();
  state.messages.push(message);
  saveState();
  log.appendChild(renderMessage(message, true));
  log.scrollTop = log.scrollHeight;
}

var socket = null;
var noReplyTimer = null;

function setTyping(on) {
  typing.hidden = !on;
  clearTimeout(noReplyTimer);
  if (on) {
    noReplyTimer = setTimeout(function () {
      typing.hidden = true;
      addMessage({ from: "notice", text: "The assistant is not answering right now. Please try again in a moment, or call the clinic." });
    }, NO_REPLY_MS);
  }
}

function connect() {
  if (socket) return;
  socket = io(config.server, { path: "/socket.io" });
  socket.on("connect", function () {
    socket.emit("session_request", { session_id: state.sessionId });
  });
  socket.on("session_confirm", function (sessionId) {
    var isNew = sessionId !== state.sessionId;
    state.sessionId = sessionId;
    if (isNew) {
      state.messages = [];
      renderAll();
    }
    saveState();
    // The greeting, once: not again from a second tab that joins a conversation just started.
    if (!state.messages.length && (!state.lastSender || state.lastSender === TAB_ID)) send(config.initPayload, null);
  });
  socket.on("bot_uttered", function (reply) {
    // The tab that asked saves the reply (other tabs follow via storage), or any tab if that one
    // has gone (a reload, a closed tab).
    if (state.lastSender && state.lastSender !== TAB_ID) return;
    state.lastSender = TAB_ID;
    setTyping(false);
    var text = reply.text || (reply.attachment && reply.attachment.payload && reply.attachment.payload.src) || "";
    var buttons = (reply.quick_replies || reply.buttons || []).map(function (button) {
      return { title: String(button.title), payload: String(button.payload) };
    });
    if (text || buttons.length) addMessage({ from: "bot", text: String(text), buttons: buttons });
  });
  socket.on("connect_error", function () {
    if (!socket.active) addMessage({ from: "notice", text: "The chat could not connect. Please call the clinic instead." });
  });
}

function send(payload, shownText) {
  if (!socket || !state.sessionId) return false; // not connected yet: the text stays in the box
  state.lastSender = TAB_ID;
  if (shownText !== null) addMessage({ from: "user", text: shownText });
  else saveState();
  setTyping(true);
  socket.emit("user_uttered", { message: payload, session_id: state.sessionId,
    customData: { language: document.documentElement.lang || "en" } });
  return true;
}

function open() {
  renderAll(); // while hidden, so a screen reader does not read the whole history out again
  panel.hidden = false;
  launcher.hidden = true;
  launcher.setAttribute("aria-expanded", "true");
  sessionStorage.setItem(OPEN_KEY, "1");
  connect();
  input.focus();
}

function close() {
  panel.hidden = true;
  launcher.hidden = false;
  launcher.setAttribute("aria-expanded", "false");
  sessionStorage.removeItem(OPEN_KEY);
  launcher.focus();
}

launcher.addEventListener("click", open);
closeButton.addEventListener("click", close);
panel.addEventListener("keydown", function (event) {
  if (event.key === "Escape") close();
});
restartButton.addEventListener("click", function () {
  state = { sessionId: null, messages: [], updated: Date.now(), lastSender: null };
  try {
    localStorage.removeItem(STORE_KEY);
  } catch (ignored) {
    // nothing stored
  }
  renderAll();
  if (socket && socket.connected) socket.emit("session_request", { session_id: null });
  input.focus();
});
form.addEventListener("submit", function (event) {
  event.preventDefault();
  var text = input.value.trim();
  if (text && send(text, text)) input.value = "";
});
window.addEventListener("pagehide", function () {
  var saved = loadState();
  if (saved.lastSender === TAB_ID) {
    saved.lastSender = null;
    state = saved;
    saveState();
  }
});
// Another tab of the same site changed the conversation: show the same.
window.addEventListener("storage", function (event) {
  if (event.key !== STORE_KEY) return;
  var previousSession = state.sessionId;
  state = loadState();
  // "New chat" in another tab: join the new session's room, or its replies would not come here.
  if (socket && socket.connected && state.sessionId && state.sessionId !== previousSession) {
    socket.emit("session_request", { session_id: state.sessionId });
  }
  setTyping(false);
  renderAll();
});

function start() {
  document.body.appendChild(host);
  // A reload keeps the chat open if it was open in this tab.
  if (sessionStorage.getItem(OPEN_KEY)) open();
}

if (document.body) start();
else document.addEventListener("DOMContentLoaded", start);
