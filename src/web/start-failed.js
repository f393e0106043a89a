// What the page says when the app cannot start: on the page itself, where a
// councillor opening it will see it, not only in the console. Shared by the
// served app (boot.js) and the single-file build (scripts/single-file.mjs).
export function startFailed(error) {
  const status = document.getElementById("boot-status");
  if (status) {
    status.textContent =
      "Scrutineer could not start in this browser. Please use an up-to-date Edge, Chrome or Firefox. (" +
      error + ")";
    status.setAttribute("role", "alert");
  }
}
