// Starts rasa-webchat 1.0.1 as a clinic site would, with the settings our channel expects.
var settings = document.currentScript.dataset;
window.WebChat.default({
  selector: "#webchat",
  initPayload: "/greet",
  socketUrl: settings.server,
  socketPath: "/socket.io/",
  customData: { language: "en" },
  params: { storage: "local" },
  title: settings.title,
}, null);
