// Municipality inputs (municipalities/forms.py MunicipalityInput) become an
// autocomplete: the ARIA 1.2 combobox pattern with a listbox popup (WAI-ARIA
// Authoring Practices, "Editable Combobox With List Autocomplete"). The matches
// come from /gemeinden/suche.json; choosing one writes „Name (AGS, Kreis)“ into
// the input, whose AGS the server reads. Without JavaScript the input stays a
// text field and the server offers the matches of an ambiguous name instead.
"use strict";

(function () {
  const MIN_LENGTH = 2;
  const DELAY_MS = 200;

  function enhance(input) {
    if (input.dataset.pickerReady) {
      return;
    }
    input.dataset.pickerReady = "1";
    const url = input.dataset.municipalitySearch;
    const listbox = document.createElement("ul");
    listbox.id = input.id + "-listbox";
    listbox.className = "municipality-listbox";
    listbox.setAttribute("role", "listbox");
    const label = input.labels && input.labels[0];
    if (label) {
      label.id = label.id || input.id + "-label";
      listbox.setAttribute("aria-labelledby", label.id);
    }
    listbox.hidden = true;
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.after(listbox, status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    let results = [];
    let active = -1;
    let timer = null;
    let request = null;

    function setActive(index) {
      const options = listbox.querySelectorAll("[role=option]");
      active = index;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function open() {
      if (results.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function choose(index) {
      const result = results[index];
      if (!result) {
        return;
      }
      input.value = result.label;
      close();
      status.textContent = result.label;
    }

    function show(found) {
      results = found;
      listbox.replaceChildren();
      found.forEach(function (result, index) {
        const option = document.createElement("li");
        option.id = listbox.id + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = result.label;
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the input
        });
        option.addEventListener("click", function () {
          choose(index);
        });
        listbox.append(option);
      });
      // The words come from the server, translated (data-found-* on the input).
      const words = found.length === 1 ? input.dataset.foundOne : input.dataset.foundMany;
      status.textContent = found.length
        ? words.replace("%(count)s", found.length)
        : input.dataset.foundNone;
      setActive(-1);
      if (found.length) {
        open();
      } else {
        close();
      }
    }

    function search() {
      const query = input.value.trim();
      // Nothing to look up: too short, or a chosen „Name (AGS, Kreis)“.
      if (query.length < MIN_LENGTH || /\(\d{8}[,)]/.test(query)) {
        results = [];
        close();
        return;
      }
      if (request) {
        request.abort();
      }
      request = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: request.signal,
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (document.activeElement === input) {
            show(data.results || []);
          }
        })
        .catch(function (error) {
          if (error.name !== "AbortError") {
            close();
          }
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      const expanded = !listbox.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!expanded) {
            open();
            setActive(results.length ? 0 : -1);
          } else {
            setActive(Math.min(active + 1, results.length - 1));
          }
          break;
        case "ArrowUp":
          event.preventDefault();
          if (!expanded) {
            open();
            setActive(results.length - 1);
          } else {
            setActive(Math.max(active - 1, 0));
          }
          break;
        case "Enter":
          if (expanded && active >= 0) {
            event.preventDefault(); // choose, do not submit yet
            choose(active);
          }
          break;
        case "Escape":
          if (expanded) {
            event.preventDefault();
            close();
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () {
      close();
    });
  }

  function enhanceAll() {
    document.querySelectorAll("input[data-municipality-search]").forEach(enhance);
  }

  document.addEventListener("DOMContentLoaded", enhanceAll);
  document.addEventListener("htmx:afterSettle", enhanceAll);
})();
