// The transcript's Print button: opens the browser's print dialog (the page's print styles
// leave out the navigation and the buttons).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
