// Starts the app from a file rather than inline script, so the Content-Security-
// Policy can forbid inline script entirely. Trunk writes the hashed file names
// into this tag's data attributes (see pattern_script in Trunk.toml).
import { startFailed } from "./start-failed.js";

const tag = document.querySelector("script[data-app-js]");
try {
  const { default: init } = await import(tag.dataset.appJs);
  await init({ module_or_path: tag.dataset.appWasm });
  document.getElementById("boot-status")?.remove();
} catch (error) {
  startFailed(error);
  throw error;
}

// Offline use: a service worker keeps the app (never any data). When a newer
// version has been fetched, say so; it is used from the next visit, or at once
// if the user asks.
if ("serviceWorker" in navigator && location.protocol.startsWith("http")) {
  let switching = false;
  const announce = (registration) => {
    if (document.querySelector(".update-notice")) return;
    const notice = document.createElement("div");
    notice.className = "update-notice";
    notice.setAttribute("role", "status");
    notice.textContent = "A new version of Scrutineer is ready. It will be used next time you open it. ";
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Use the new version now";
    button.addEventListener("click", () => {
      switching = true;
      registration.waiting?.postMessage("skip-waiting");
    });
    notice.append(button);
    document.body.prepend(notice);
  };
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (switching) location.reload();
  });
  navigator.serviceWorker.register("./sw.js").then((registration) => {
    if (registration.waiting && navigator.serviceWorker.controller) announce(registration);
    registration.addEventListener("updatefound", () => {
      const incoming = registration.installing;
      incoming?.addEventListener("statechange", () => {
        if (incoming.state === "installed" && navigator.serviceWorker.controller) announce(registration);
      });
    });
  }).catch((error) => console.warn("Scrutineer: offline use is unavailable here:", error));
}
