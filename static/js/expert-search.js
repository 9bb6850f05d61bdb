// Expert fields of a round's page: as the office types, a few matching experts from the
// server fill the field's datalist (the browser's own list, used with arrow keys and Enter).
// Without this script the field still takes an expert's name or number.
(() => {
  const boxes = document.querySelectorAll("input[data-expert-search]");
  boxes.forEach((box) => {
    const list = box.list;
    const url = box.dataset.expertSearch;
    if (!list || !url) return;
    let timer = null;
    let asked = "";
    box.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const text = box.value.trim();
        if (!text || text === asked) return;
        asked = text;
        try {
          const response = await fetch(`${url}&q=${encodeURIComponent(text)}`, {
            headers: { Accept: "application/json" },
            credentials: "same-origin",
          });
          if (!response.ok) return;
          const data = await response.json();
          list.replaceChildren(
            ...data.experts.map((label) => {
              const option = document.createElement("option");
              option.value = label;
              return option;
            }),
          );
        } catch (error) {
          // No suggestions: the field still takes a name or number.
        }
      }, 200);
    });
  });
})();
