// The form preview: shows a field only while its condition holds (the JsonLogic in
// `x-yjs-visible-if` of form.schema.json, evaluated on the answers so far) and checks the values
// typed against the field's `pattern` and `format`. The schema and the uiSchema are the JSON
// island #form-data; the checks are the published format module's (window.yjsFormats, see parts.formats_script). Nothing is submitted.
"use strict";
(function () {
  var data = JSON.parse(document.getElementById("form-data").textContent);
  var schema = data.schema;
  var form = document.getElementById("preview");

  // The strict JsonLogic subset compiler/conditions/jsonlogic.py emits, with its meaning.
  function isoToday() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function asDate(v) {
    if (typeof v !== "string" || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v)) return null;
    var y = +v.slice(0, 4), m = +v.slice(5, 7), d = +v.slice(8, 10);
    var t = new Date(Date.UTC(y, m - 1, d));
    return t.getUTCMonth() === m - 1 && t.getUTCDate() === d ? {y: y, m: m, d: d, t: t} : null;
  }
  function birthDate(v) {
    if (typeof v !== "string") return null;
    if (/^[0-9]{17}[0-9Xx]$/.test(v)) return asDate(v.slice(6, 10) + "-" + v.slice(10, 12) + "-" + v.slice(12, 14));
    if (/^[0-9]{15}$/.test(v)) return asDate("19" + v.slice(6, 8) + "-" + v.slice(8, 10) + "-" + v.slice(10, 12));
    return asDate(v);
  }
  function regionOf(v, kind) {
    if (typeof v !== "string") return null;
    if (kind === "id_number" && /^([0-9]{17}[0-9Xx]|[0-9]{15})$/.test(v)) return v.slice(0, 6);
    if (kind === "credit_code" && /^[0-9A-Z]{2}[0-9]{6}[0-9A-Z]{10}$/.test(v)) return v.slice(2, 8);
    if (kind === "region" && /^[0-9]{6}$/.test(v)) return v;
    return null;
  }
  function prefix(code) {
    if (/0000$/.test(code)) return code.slice(0, 2);
    if (/00$/.test(code)) return code.slice(0, 4);
    return code;
  }
  var OPS = {
    "===": function (a, b) { return a === b; },
    "!==": function (a, b) { return a !== b; },
    "<": function (a, b) { return a !== null && b !== null && a < b; },
    "<=": function (a, b) { return a !== null && b !== null && a <= b; },
    ">": function (a, b) { return a !== null && b !== null && a > b; },
    ">=": function (a, b) { return a !== null && b !== null && a >= b; },
    "!": function (a) { return !a; },
    "in": function (x, list) { return Array.isArray(list) && list.indexOf(x) !== -1; },
    "+": function (a, b) { return a + b; },
    "-": function (a, b) { return arguments.length === 1 ? -a : a - b; },
    "*": function (a, b) { return a * b; },
    "/": function (a, b) { return a / b; },
    "yjs_age": function (v, today) {
      var b = birthDate(v), n = asDate(today);
      if (!b || !n) return null;
      return n.y - b.y - ((n.m < b.m || (n.m === b.m && n.d < b.d)) ? 1 : 0);
    },
    "yjs_days_between": function (a, b) {
      var x = asDate(a), y = asDate(b);
      return x && y ? Math.round((y.t - x.t) / 86400000) : null;
    },
    "yjs_year": function (v) { var d = asDate(v); return d ? d.y : null; },
    "yjs_in_region": function (v, code, kind) {
      var r = regionOf(v, kind);
      return r !== null && /^[0-9]{6}$/.test(String(code)) && r.indexOf(prefix(String(code))) === 0;
    }
  };
  // `today` (ISO) pins yjs_today for tests; the preview leaves it out and uses the real date.
  function evaluate(rule, values, today) {
    var on = function (r) { return evaluate(r, values, today); };
    if (rule === null || typeof rule !== "object") return rule;
    if (Array.isArray(rule)) return rule.map(on);
    var op = Object.keys(rule)[0];
    var args = Array.isArray(rule[op]) ? rule[op] : [rule[op]];
    if (op === "var") return values[args[0]] === undefined ? null : values[args[0]];
    if (op === "yjs_today") return today || isoToday();
    if (op === "and") {
      for (var i = 0; i < args.length; i++) if (!on(args[i])) return false;
      return true;
    }
    if (op === "or") {
      for (var j = 0; j < args.length; j++) if (on(args[j])) return true;
      return false;
    }
    if (op === "reduce") {
      var list = on(args[0]), acc = on(args[2]);
      if (!Array.isArray(list)) return null;
      list.forEach(function (item) {
        acc = evaluate(args[1], {current: item, accumulator: acc}, today);
      });
      return acc;
    }
    if (!Object.prototype.hasOwnProperty.call(OPS, op)) throw new Error("未知的 JsonLogic 运算：" + op);
    return OPS[op].apply(null, args.map(on));
  }

  function propertyOf(key) {
    var parts = key.split(".");
    var prop = schema.properties[parts[0]];
    return parts.length === 1 ? prop : prop.items.properties[parts[1]];
  }
  function valueOf(key) {
    var prop = propertyOf(key);
    var inputs = form.querySelectorAll('[data-input="' + key + '"]');
    if (!inputs.length) return null;
    if (inputs[0].type === "radio") {  // yes/no, or a short choice (form.ui.json's radio)
      for (var i = 0; i < inputs.length; i++) {
        if (inputs[i].checked) return prop.type === "boolean" ? inputs[i].value === "true" : inputs[i].value;
      }
      return null;
    }
    var text = inputs[0].value;
    if (text === "") return null;
    if (prop.type === "integer" || prop.type === "number") return Number(text);
    return text;
  }
  function answers() {
    var values = {};
    Object.keys(schema.properties).forEach(function (id) {
      var wrapper = form.querySelector('[data-field="' + id + '"]');
      if (!wrapper || wrapper.hidden) return;
      var prop = schema.properties[id];
      if (prop.type === "array") {
        var entry = {}, any = false;
        Object.keys(prop.items.properties).forEach(function (sub) {
          var v = valueOf(id + "." + sub);
          if (v !== null) { entry[sub] = v; any = true; }
        });
        values[id] = any ? [entry] : [];
      } else {
        var v = valueOf(id);
        if (v !== null) values[id] = v;
      }
    });
    return values;
  }
  // A field's condition may name another conditional field: repeat until nothing changes.
  function refresh() {
    for (var round = 0; round < 8; round++) {
      var values = answers(), changed = false;
      Object.keys(schema.properties).forEach(function (id) {
        var when = schema.properties[id]["x-yjs-visible-if"];
        var wrapper = form.querySelector('[data-field="' + id + '"]');
        if (!wrapper || when === undefined) return;
        var hide = !evaluate(when, values);
        if (wrapper.hidden !== hide) { wrapper.hidden = hide; changed = true; }
      });
      if (!changed) return;
    }
  }
  function problem(key, text) {
    var prop = propertyOf(key);
    if (text === "") return "";
    var check = prop.format && window.yjsFormats.formats[prop.format];
    if (check) return check(text) ? "" : window.yjsFormats.messages[prop.format];
    if (prop.pattern && !new RegExp(prop.pattern).test(text)) return "格式不正确";
    if (prop.maxLength && text.length > prop.maxLength) return "最多 " + prop.maxLength + " 个字";
    return "";
  }
  function validate(input) {
    if (input.type === "radio" || input.tagName === "SELECT") return;
    var key = input.getAttribute("data-input");
    var message = problem(key, input.value);
    var slot = document.getElementById("e-" + key);
    slot.textContent = message;
    slot.hidden = !message;
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
  form.addEventListener("input", function (event) {
    if (event.target.hasAttribute("data-input")) validate(event.target);
    refresh();
  });
  form.addEventListener("change", refresh);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.yjsForm = {evaluate: evaluate, answers: answers, refresh: refresh};
  refresh();
})();
