// Score sheets save themselves a few seconds after the expert stops typing, and ask before a
// final submission. Pages opt in with data attributes, so no page needs inline script.
(() => {
  const form = document.querySelector("form[data-autosave-url]");
  if (!form) return;
  const status = form.querySelector("[data-autosave-status]");
  const token = form.querySelector("input[name=csrfmiddlewaretoken]");
  let timer = null;
  let dirty = false;

  const save = () => {
    if (!dirty) return;
    dirty = false;
    const data = new FormData(form);
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: data,
      headers: { "X-CSRFToken": token ? token.value : "" },
      credentials: "same-origin",
    })
      .then((response) => response.json().then((body) => ({ ok: response.ok, body })))
      .then(({ ok, body }) => {
        if (status) status.textContent = body.message || "";
        if (status) status.classList.toggle("text-danger", !ok);
      })
      .catch(() => {
        dirty = true;
      });
  };

  form.addEventListener("input", () => {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 3000);
  });
  form.addEventListener("change", () => {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 1000);
  });
  form.querySelectorAll("[data-confirm-click]").forEach((button) => {
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.dataset.confirmClick)) event.preventDefault();
      else clearTimeout(timer);
    });
  });
})();
