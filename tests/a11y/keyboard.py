"""Driving a page with the keyboard only: Tab and Shift+Tab to move, typing, Space, Enter and
the arrow keys to answer. The DOM is read to know where the focus is, never clicked."""

from playwright.sync_api import Page

FOCUSED = "(sel) => !!document.activeElement && document.activeElement.matches(sel)"

# Where the focused element is, and whether the sticky action bar of the page lies over it.
COVERED = """() => {
    const el = document.activeElement;
    const bar = document.querySelector(".form-actions.sticky-bottom, .sticky-actions");
    if (!el || !bar || bar.contains(el) || el === document.body) return null;
    const a = el.getBoundingClientRect(), b = bar.getBoundingClientRect();
    if (a.height === 0 || b.height === 0) return null;
    const rows = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    const columns = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    return rows > 1 && columns > 1 ? (el.name || el.id || el.tagName) : null;
}"""


class Keyboard:
    def __init__(self, page: Page):
        self.page = page
        # Scrolling to the focused field at once, not smoothly, so its place is read where the
        # scroll ends.
        page.emulate_media(reduced_motion="reduce")
        self.covered: list[str] = []  # tab stops hidden under a sticky bar

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def tab_to(
        self, selector: str, *, text: str = "", backwards: bool = False, limit: int = 400
    ) -> None:
        """Tab (or Shift+Tab) until the focus is on an element matching `selector` (and showing
        `text`)."""
        for _ in range(limit):
            self.press("Shift+Tab" if backwards else "Tab")
            self._check_covered()
            if self.page.evaluate(FOCUSED, selector) and text in self.focused(
                "el.innerText || el.value || ''"
            ):
                return
        raise AssertionError(f"{selector} is not reached by {'Shift+' if backwards else ''}Tab")

    def _check_covered(self) -> None:
        hidden = self.page.evaluate(COVERED)
        if hidden:
            self.covered.append(hidden)

    def to_main(self) -> None:
        """From a freshly loaded page: the skip link, then Enter, past the navigation."""
        self.page.wait_for_load_state("load")  # the skip link's script is in place
        self.tab_to("a.skip-link")
        self.press("Enter")

    def focused(self, script: str):
        return self.page.evaluate(
            f"() => {{ const el = document.activeElement; return {script}; }}"
        )

    def answer(self, value) -> None:
        """Give the focused control `value` the way a keyboard user does."""
        kind = self.focused("el.type || el.tagName.toLowerCase()")
        if kind in ("select-one",):
            self._choose(str(value))
        elif kind == "radio":
            self._radio(str(value))
        elif kind == "checkbox":
            if self.focused("el.checked") != bool(value):
                self.press("Space")
        elif kind == "date":
            # A date box's segments follow the browser's language (month/day/year in the test
            # browser), each moving on to the next when full.
            year, month, day = str(value).split("-")
            for part in (month, day, year):
                self.page.keyboard.type(part)
            assert self.focused("el.value") == str(value), self.focused("el.value")
        else:
            self.press("Control+A")
            self.press("Delete")
            self.page.keyboard.insert_text(str(value))

    def _choose(self, value: str) -> None:
        for key in ("ArrowDown", "ArrowUp"):
            self.press("Home")
            for _ in range(200):
                if self.focused("el.value") == value:
                    return
                before = self.focused("el.selectedIndex")
                self.press(key)
                if self.focused("el.selectedIndex") == before:
                    break
        raise AssertionError(f"no option {value!r} in {self.focused('el.name')}")

    def _radio(self, value: str) -> None:
        if not self.focused("el.checked"):
            self.press("Space")
        for _ in range(30):
            if self.focused("el.value") == value:
                return
            self.press("ArrowDown")
        raise AssertionError(f"no radio {value!r} in {self.focused('el.name')}")

    def fill_form(self, data: dict, *, until: str, multiple: tuple = ()) -> None:
        """Tab through the page from where the focus is, answering every control whose name is
        in `data`, until the focus reaches `until`."""
        for _ in range(600):
            self.press("Tab")
            self._check_covered()
            if self.page.evaluate(FOCUSED, until):
                return
            name = self.focused("el.name || ''")
            if name not in data:
                continue
            value = data[name]
            if self.focused("el.type") == "checkbox" and isinstance(value, list):
                self.answer(self.focused("el.value") in value)
            elif isinstance(value, list):
                self.answer(value[0])
            else:
                self.answer(value)
        raise AssertionError(f"{until} is not reached by Tab")
