// Autosave of a draft: the applicant's form and the expert's score sheet. A form opts in with
// data attributes: data-autosave-url (where to post), data-autosave-status (the id of the
// element that tells the user, aria-live), data-draft-key (the browser's copy), data-login-url,
// data-saved="1" when the page follows a save, and data-msg-* for the texts, so they stay
// translatable. Every answer is JSON in one shape (award_portal/autosave.py):
// {saved, saved_at, message, errors}. Every change is also kept in the browser until the
// server has it, so an expired session or a lost connection loses nothing. A submit button
// with data-confirm asks before it sends.
(() => {
  const form = document.querySelector("form[data-autosave-url]");
  if (!form) return;
  const status = document.getElementById(form.dataset.autosaveStatus);
  const storageKey = `award-draft:${form.dataset.draftKey}`;
  const DELAY_MS = 3000;
  // After the server failed or did not answer, the browser copy is all there is: try again
  // while the page is open. A refusal (4xx) would only be refused again.
  const RETRY_MS = 30000;
  let timer = null;
  let inflight = false;
  let pending = false;
  let changedSinceSave = false;

  const say = (text, tone) => {
    if (!status) return;
    status.textContent = text;
    status.classList.remove("text-muted", "text-success", "text-danger", "text-warning");
    status.classList.add(tone || "text-muted");
  };

  const csrfToken = () => {
    const input = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (input && input.value) return input.value;
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  };

  const snapshot = () => {
    const values = {};
    new FormData(form).forEach((value, name) => {
      if (name === "csrfmiddlewaretoken" || typeof value !== "string") return;
      (values[name] = values[name] || []).push(value);
    });
    return values;
  };

  const keepLocally = () => {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ at: Date.now(), values: snapshot() }));
    } catch (error) {
      // private mode or a full quota: the server copy is all there is
    }
  };

  const forgetLocal = () => {
    try {
      localStorage.removeItem(storageKey);
    } catch (error) {
      // nothing to forget
    }
  };

  const restore = (values) => {
    Array.from(form.elements).forEach((element) => {
      if (!element.name || !(element.name in values) || element.disabled) return;
      const wanted = values[element.name];
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = wanted.includes(element.value);
      } else if (element.tagName === "SELECT" && element.multiple) {
        Array.from(element.options).forEach((option) => {
          option.selected = wanted.includes(option.value);
        });
      } else if (element.type !== "file" && element.type !== "hidden") {
        element.value = wanted[0];
      }
    });
  };

  // "（3 处格式需要修改）" after the message when the answer names fields to correct.
  const withErrors = (text, answer) => {
    const count = Object.keys(answer.errors || {}).length;
    return count ? `${text}（${count} ${form.dataset.msgErrors}）` : text;
  };

  const readAnswer = async (response) => {
    try {
      return await response.json();
    } catch (error) {
      return {}; // an HTML error page from a proxy: the status says enough
    }
  };

  const save = async () => {
    if (inflight) {
      pending = true;
      return;
    }
    inflight = true;
    changedSinceSave = false;
    say(form.dataset.msgSaving);
    const body = new FormData(form);
    body.delete("action");
    try {
      const response = await fetch(form.dataset.autosaveUrl, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" },
      });
      // Signed out, a stale CSRF token, or sent to a sign-in step (a redirect is never the
      // endpoint's own answer): the user must sign in again.
      if (response.status === 401 || response.status === 403 || response.redirected) {
        say(form.dataset.msgExpired, "text-danger");
        showLoginLink();
        return;
      }
      const answer = await readAnswer(response);
      if (!response.ok || !answer.saved) {
        say(withErrors(answer.message || form.dataset.msgFailed, answer), "text-danger");
        if (response.status >= 500) retryLater();
        return;
      }
      if (!changedSinceSave) forgetLocal();
      const text = `${answer.message || form.dataset.msgSaved} ${answer.saved_at}`;
      const fine = Object.keys(answer.errors || {}).length === 0;
      say(withErrors(text, answer), fine ? "text-success" : "text-warning");
    } catch (error) {
      // No answer: the network or the server is away.
      say(form.dataset.msgFailed, "text-danger");
      retryLater();
    } finally {
      inflight = false;
      if (pending) {
        pending = false;
        schedule();
      }
    }
  };

  const showLoginLink = () => {
    if (!status || status.querySelector("a") || !form.dataset.loginUrl) return;
    const link = document.createElement("a");
    link.href = form.dataset.loginUrl;
    link.className = "ms-1";
    link.textContent = "→";
    status.appendChild(link);
  };

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
  };

  const retryLater = () => {
    clearTimeout(timer);
    timer = setTimeout(save, RETRY_MS);
  };

  const onEdit = () => {
    changedSinceSave = true;
    keepLocally();
    schedule();
  };

  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);
  form.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    clearTimeout(timer);
    keepLocally(); // until the server's answer shows the page again
  });

  if (form.dataset.saved === "1") {
    forgetLocal();
  } else {
    let kept = null;
    try {
      kept = JSON.parse(localStorage.getItem(storageKey) || "null");
    } catch (error) {
      kept = null;
    }
    if (kept && kept.values) {
      restore(kept.values);
      say(form.dataset.msgRestored, "text-warning");
      save();
    }
  }
})();
