// Check characters of 公民身份号码 (GB 11643, ISO 7064 MOD 11-2) and 统一社会信用代码
// (GB 32100, MOD 31): a port of compiler/validators.py, tested against it on the same numbers.
// The form preview calls these through `yjsFormats.formats`, keyed by the JSON Schema `format`.
"use strict";
(function () {
  var ID_PATTERN = /^[1-9][0-9]{5}(?:19[0-9]{2}|20[0-9]{2}|2100)(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9X]$/;
  var ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var ID_CHECK = "10X98765432";
  var CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  var CREDIT_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
  var CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

  function realDate(y, m, d) {
    var date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }

  function isIdNumber(s) {
    if (typeof s !== "string" || !ID_PATTERN.test(s)) return false;
    if (!realDate(+s.slice(6, 10), +s.slice(10, 12), +s.slice(12, 14))) return false;
    var total = 0;
    for (var i = 0; i < 17; i++) total += (+s[i]) * ID_WEIGHTS[i];
    return ID_CHECK[total % 11] === s[17];
  }

  function isCreditCode(s) {
    if (typeof s !== "string" || !CREDIT_PATTERN.test(s)) return false;
    var total = 0;
    for (var i = 0; i < 17; i++) total += CREDIT_ALPHABET.indexOf(s[i]) * CREDIT_WEIGHTS[i];
    return CREDIT_ALPHABET[(31 - total % 31) % 31] === s[17];
  }

  window.yjsFormats = {
    isIdNumber: isIdNumber,
    isCreditCode: isCreditCode,
    formats: {"gb11643-id-number": isIdNumber, "gb32100-credit-code": isCreditCode},
    messages: {
      "gb11643-id-number": "公民身份号码不正确：应为 18 位，出生日期真实，末位校验码正确（X 大写）",
      "gb32100-credit-code": "统一社会信用代码不正确：应为 18 位（不用 I、O、S、V、Z），末位校验码正确"
    }
  };
})();
