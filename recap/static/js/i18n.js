/* The reader's language: the build puts this timeline's words (translated from the same
   gettext catalogs as the page) in a small JSON object; t.gettext and t.ngettext read it.
   Plural forms come by CLDR category, chosen with the browser's Intl.PluralRules. */
// Numbers are written as the reader's language writes them: 10,000; 10.000; 10 000.
function fillIn(text, values, numbers) {
  return text.replace(/%\((\w+)\)s/g, function (all, name) {
    if (!values || !(name in values)) return all;
    var value = values[name];
    return typeof value === "number" && numbers ? numbers.format(value) : String(value);
  });
}

function setupWords(t) {
  var element = t.root.querySelector(".recap-i18n");
  var data = element ? JSON.parse(heldText(element)) : {};
  var messages = data.messages || {};
  var rules = null;
  try {
    rules = new Intl.PluralRules(data.lang || "en");
  } catch (error) { /* no Intl: English-style one/other below */ }
  t.lang = data.lang || "en";
  var numbers = null;
  try {
    numbers = new Intl.NumberFormat(t.lang);
  } catch (error) { /* no Intl: digits as they are */ }
  t.rtl = data.dir === "rtl";
  // Text drawn in plotly's SVG (laid out left to right) reads right to left when isolated.
  t.isolate = function (text) { return t.rtl && text ? "\u2067" + text + "\u2069" : text; };
  t.gettext = function (message, values) {
    var found = messages[message];
    return fillIn(typeof found === "string" && found ? found : message, values, numbers);
  };
  t.ngettext = function (singular, pluralText, count, values) {
    var forms = messages[singular];
    var category = rules ? rules.select(count) : count === 1 ? "one" : "other";
    var text = forms && typeof forms === "object" ? forms[category] || forms.other : null;
    return fillIn(text || (count === 1 ? singular : pluralText), Object.assign({ count: count }, values), numbers);
  };
  // plotly.js's own words (its toolbar) and number formats: its locale file, registered
  // by the page before plotly.js loads, and the catalog's words where that file has none.
  t.plotlyConfig = Object.assign({}, PLOTLY_CONFIG);
  if (data.plotlyLocale) {
    t.plotlyConfig.locale = data.plotlyLocale;
    var own = {};
    own[data.plotlyLocale] = { dictionary: data.plotlyWords || {} };
    t.plotlyConfig.locales = own;
  }
}
