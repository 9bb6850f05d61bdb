// Behaviour that pages opt into with data attributes, so no page needs inline script.
document.querySelectorAll("form[data-confirm]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
});

// The skip link moves the focus into the main content even when the address already ends in
// #main (following the same fragment again would not move it).
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a.skip-link");
  const main = document.getElementById("main");
  if (!link || !main) return;
  event.preventDefault();
  main.focus();
  main.scrollIntoView();
});
