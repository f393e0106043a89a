// Starts the app from a file rather than inline script, so the Content-Security-
// Policy can forbid inline script entirely. Trunk writes the hashed file names
// into this tag's data attributes (see pattern_script in Trunk.toml).
const tag = document.querySelector("script[data-app-js]");
const status = document.getElementById("boot-status");
try {
  const { default: init } = await import(tag.dataset.appJs);
  await init({ module_or_path: tag.dataset.appWasm });
  status?.remove();
} catch (error) {
  if (status) {
    status.textContent =
      "Scrutineer could not start in this browser. Please use an up-to-date Edge, Chrome or Firefox. (" +
      error + ")";
    status.setAttribute("role", "alert");
  }
  throw error;
}
