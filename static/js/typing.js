// Vietnamese typing helper for textarea[data-vn-typing]: an Off / Telex / VNI switch, conversion as the
// reader types, a hint when the text looks toneless, and one-click use of a server suggestion.
// The engine follows feedback/vietnamese/input_methods.py so the browser and the server agree.
(function (root) {
  'use strict';

  var VOWELS = 'aăâeêioôơuưy';
  var TONE_MARKS = ['\u0301', '\u0300', '\u0309', '\u0303', '\u0323'];
  var TELEX = {
    s: ['tone', 1], f: ['tone', 2], r: ['tone', 3], x: ['tone', 4], j: ['tone', 5], z: ['tone', 0],
    a: ['hat', 'a'], e: ['hat', 'e'], o: ['hat', 'o'], w: ['hook', 'uoa'], d: ['stroke']
  };
  var VNI = {
    1: ['tone', 1], 2: ['tone', 2], 3: ['tone', 3], 4: ['tone', 4], 5: ['tone', 5], 0: ['tone', 0],
    6: ['hat', null], 7: ['hook', 'uo'], 8: ['hook', 'a'], 9: ['stroke']
  };
  var METHODS = { telex: TELEX, vni: VNI };
  var HAT = { a: 'â', e: 'ê', o: 'ô' };
  var HOOK = { u: 'ư', o: 'ơ', a: 'ă' };
  var PLAIN = { 'â': 'a', 'ê': 'e', 'ô': 'o', 'ư': 'u', 'ơ': 'o', 'ă': 'a', 'đ': 'd' };
  // Spell check as Unikey does it: marks are only applied to words that can still become Vietnamese.
  var ONSETS = ' b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x'.split(' ');
  var CODAS = ' c ch m n ng nh p t'.split(' ');

  function withCase(template, letter) {
    return template !== template.toLowerCase() ? letter.toUpperCase() : letter;
  }
  function plainOf(ch) {
    var low = ch.toLowerCase();
    return PLAIN[low] || low;
  }
  function isVowel(ch) {
    return VOWELS.indexOf(ch.toLowerCase()) >= 0;
  }

  // Onset, vowel cluster and coda of a lowercase toneless syllable (qu and gi keep their u / i).
  function splitSyllable(low) {
    var start = 0;
    if ((low.slice(0, 2) === 'qu' || low.slice(0, 2) === 'gi') && low.length > 2 && isVowel(low[2])) start = 2;
    while (start < low.length && !isVowel(low[start])) start++;
    var end = start;
    while (end < low.length && isVowel(low[end])) end++;
    return { onset: low.slice(0, start), cluster: low.slice(start, end), coda: low.slice(end) };
  }

  // Section 5 of the reference, house style òa, úy (the Unikey default).
  function tonePosition(text) {
    var low = text.toLowerCase();
    var parts = splitSyllable(low);
    if (!parts.cluster) return low === 'gi' ? 1 : -1;
    var marked = -1;
    for (var i = 0; i < parts.cluster.length; i++) if ('ăâêôơư'.indexOf(parts.cluster[i]) >= 0) marked = i;
    var offset = 0;
    if (marked >= 0) offset = marked;
    else if (parts.cluster.length >= 3) offset = 1;
    else if (parts.cluster.length === 2 && parts.coda) offset = 1;
    return parts.onset.length + offset;
  }

  function placeTone(text, tone) {
    var at = tone > 0 ? tonePosition(text) : -1;
    if (at < 0) return text.normalize('NFC');
    return (text.slice(0, at + 1) + TONE_MARKS[tone - 1] + text.slice(at + 1)).normalize('NFC');
  }

  function splitTone(ch) {
    var parts = ch.normalize('NFD');
    var tone = 0;
    var rest = '';
    for (var i = 0; i < parts.length; i++) {
      var t = TONE_MARKS.indexOf(parts[i]);
      if (t >= 0) tone = t + 1;
      else rest += parts[i];
    }
    return { base: rest.normalize('NFC'), tone: tone };
  }

  function Word() {
    this.letters = [];
    this.tone = 0;
    this.loneW = -1;
  }

  Word.prototype.lower = function () {
    return this.letters.join('').toLowerCase();
  };

  Word.prototype.cluster = function () {
    var parts = splitSyllable(this.lower());
    var out = [];
    for (var i = 0; i < parts.cluster.length; i++) out.push(parts.onset.length + i);
    return out;
  };

  Word.prototype.canBeVietnamese = function () {
    var parts = splitSyllable(this.lower());
    return parts.cluster.length > 0 && ONSETS.indexOf(parts.onset) >= 0 && CODAS.indexOf(parts.coda) >= 0;
  };

  Word.prototype.append = function (key) {
    var split = splitTone(key);
    if (split.tone) this.tone = split.tone;
    this.letters.push(split.base);
  };

  Word.prototype.setTone = function (tone, key) {
    if (!this.canBeVietnamese()) return false;
    if (tone === 0) {
      if (!this.tone) return false;
      this.tone = 0;
      return true;
    }
    if (this.tone === tone) { // pressing the key again cancels the tone and types the letter
      this.tone = 0;
      this.letters.push(key);
      return true;
    }
    this.tone = tone;
    return true;
  };

  Word.prototype.hat = function (target, key) {
    var self = this;
    var positions = this.cluster().filter(function (i) {
      var plain = plainOf(self.letters[i]);
      return HAT[plain] && (target === null || target === plain);
    });
    if (!positions.length || !this.canBeVietnamese()) return false;
    var i = positions[positions.length - 1];
    var low = this.letters[i].toLowerCase();
    if (low === HAT[plainOf(low)]) { // undo by repeating
      this.letters[i] = withCase(this.letters[i], plainOf(low));
      this.letters.push(key);
    } else {
      this.letters[i] = withCase(this.letters[i], HAT[plainOf(low)]);
    }
    return true;
  };

  Word.prototype.hook = function (targets, key, telex) {
    if (telex && this.loneW >= 0 && this.loneW === this.letters.length - 1) return this.loneHook(key);
    var idx = this.cluster();
    var self = this;
    var plain = idx.map(function (i) { return plainOf(self.letters[i]); }).join('');
    var chosen;
    var uo = plain.indexOf('uo');
    if (uo >= 0 && targets.indexOf('u') >= 0) chosen = [idx[uo], idx[uo] + 1]; // one w after uo gives ươ
    else if (plain.indexOf('oa') >= 0 && targets.indexOf('a') >= 0) chosen = [idx[plain.indexOf('oa') + 1]];
    else chosen = idx.filter(function (i, n) { return targets.indexOf(plain[n]) >= 0; }).slice(0, 1);
    if (!chosen.length) return telex && this.loneHook(key);
    if (!this.canBeVietnamese()) return false;
    var hooked = chosen.every(function (i) { return 'ươă'.indexOf(self.letters[i].toLowerCase()) >= 0; });
    chosen.forEach(function (i) {
      self.letters[i] = withCase(self.letters[i], hooked ? plainOf(self.letters[i]) : HOOK[plainOf(self.letters[i])]);
    });
    if (hooked) this.letters.push(key); // undo by repeating
    return true;
  };

  // Full Telex: a w with no vowel to mark types ư (nhw → như); ww gives back the w.
  Word.prototype.loneHook = function (key) {
    if (this.loneW === this.letters.length - 1 && this.loneW >= 0) {
      this.letters[this.loneW] = key;
      this.loneW = -1;
      return true;
    }
    if (this.letters.some(isVowel)) return false;
    this.letters.push(withCase(key, 'ư'));
    this.loneW = this.letters.length - 1;
    return true;
  };

  Word.prototype.stroke = function (key) {
    if (this.letters.length !== 1 || 'dđ'.indexOf(this.letters[0].toLowerCase()) < 0) return false;
    if (this.letters[0].toLowerCase() === 'đ') {
      this.letters[0] = withCase(this.letters[0], 'd');
      this.letters.push(key);
    } else {
      this.letters[0] = withCase(this.letters[0], 'đ');
    }
    return true;
  };

  Word.prototype.render = function () {
    var text = this.letters.join('');
    var low = text.toLowerCase();
    var parts = splitSyllable(low);
    if (/ươ$/.test(parts.cluster) && !parts.coda) { // open ươ is written uơ (thuở)
      var i = low.lastIndexOf('ươ');
      text = text.slice(0, i) + withCase(text[i], 'u') + text.slice(i + 1);
    }
    return placeTone(text, this.tone);
  };

  // The word an input method shows after these keystrokes; keys may already hold Vietnamese letters.
  function typeWord(keys, methodName) {
    var method = METHODS[methodName];
    var word = new Word();
    Array.from(keys).forEach(function (key) {
      var action = method[key.toLowerCase()];
      var handled = false;
      if (action && action[0] === 'tone') handled = word.setTone(action[1], key);
      else if (action && action[0] === 'hat') handled = word.hat(action[1], key);
      else if (action && action[0] === 'hook') handled = word.hook(action[1], key, method === TELEX);
      else if (action) handled = word.stroke(key);
      if (!handled) word.append(key);
    });
    return word.render();
  }

  // Client-side version of the server rule: at least 4 words, none marked, and one that cannot be
  // written without marks (the iê, uô, ươ diphthongs and ênh, êch, ưu: nguoi, duoc, viet, benh).
  var MARKED = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;
  var IMPOSSIBLE = new RegExp('^(?:[bcdghklmnprstvx]|ch|gh|gi|kh|ngh?|nh|ph|qu|th|tr)?' +
    '(?:ie(?:c|m|n|ng|p|t|u)|ye[mntu]|uo(?:c|i|m|n|ng|p|t|u)?|uu|e(?:ch|nh)|ue(?:ch|nh)?|ua(?:n|ng|t|y)|uye[nt])$');

  function looksToneless(text) {
    var words = text.toLowerCase().split(/\s+/).filter(function (w) {
      return w && !/[\d@#/]/.test(w);
    }).map(function (w) {
      return w.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
    }).filter(Boolean);
    if (words.length < 4 || words.some(function (w) { return MARKED.test(w); })) return false;
    return words.some(function (w) { return IMPOSSIBLE.test(w); });
  }

  var STORAGE_KEY = 'vn-typing-mode';
  var HINT = 'Có vẻ bạn đang gõ không dấu. Hãy bật bộ gõ Telex hoặc VNI ở trên.';
  var CHOICES = [['off', 'Tắt'], ['telex', 'Telex'], ['vni', 'VNI']];
  var counter = 0;

  function readMode() {
    try {
      var saved = localStorage.getItem(STORAGE_KEY);
      return METHODS[saved] ? saved : 'off';
    } catch (e) {
      return 'off'; // storage blocked: start with the helper off
    }
  }
  function saveMode(mode) {
    try { localStorage.setItem(STORAGE_KEY, mode); } catch (e) { /* private mode: the choice lasts for the page */ }
  }

  function buildSwitch(state) {
    var fieldset = document.createElement('fieldset');
    fieldset.className = 'vn-typing';
    var legend = document.createElement('legend');
    legend.textContent = 'Bộ gõ tiếng Việt';
    fieldset.appendChild(legend);
    var id = 'vn-typing-' + (++counter);
    CHOICES.forEach(function (choice) {
      var radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = id;
      radio.id = id + '-' + choice[0];
      radio.value = choice[0];
      radio.checked = choice[0] === state.mode;
      // A form attribute naming no form keeps the switch out of the submitted data.
      radio.setAttribute('form', id + '-none');
      var label = document.createElement('label');
      label.htmlFor = radio.id;
      label.textContent = choice[1];
      fieldset.appendChild(radio);
      fieldset.appendChild(label);
    });
    fieldset.addEventListener('change', function (event) {
      state.mode = event.target.value;
      state.raw = null;
      saveMode(state.mode);
    });
    return fieldset;
  }

  function isWordChar(ch, mode) {
    return /\p{L}/u.test(ch) || (mode === 'vni' && /[0-9]/.test(ch));
  }

  // Re-render the word before the caret from its raw keys plus the new ones; false if not ours to handle.
  function typeInto(textarea, state, data) {
    var start = textarea.selectionStart;
    var wordKeys = Array.from(data).every(function (c) { return isWordChar(c, state.mode); });
    if (start !== textarea.selectionEnd || !wordKeys) {
      state.raw = null;
      return false;
    }
    var value = textarea.value;
    var from = start;
    while (from > 0 && isWordChar(value[from - 1], state.mode)) from--;
    var current = value.slice(from, start);
    var raw = state.raw !== null && state.rendered === current && state.end === start ? state.raw : current;
    var rendered = typeWord(raw + data, state.mode);
    textarea.setRangeText(rendered, from, start, 'end');
    state.raw = raw + data;
    state.rendered = rendered;
    state.end = from + rendered.length;
    return true;
  }

  function enhance(textarea) {
    if (textarea.dataset.vnTypingReady) return;
    textarea.dataset.vnTypingReady = 'true';
    var state = { mode: readMode(), raw: null, rendered: '', end: -1, composing: false };
    var fieldset = buildSwitch(state);
    var hint = document.createElement('p');
    hint.className = 'vn-hint';
    hint.setAttribute('aria-live', 'polite');
    textarea.insertAdjacentElement('afterend', fieldset);
    fieldset.insertAdjacentElement('afterend', hint);
    var timer = null;

    function refreshHint() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = looksToneless(textarea.value) ? HINT : '';
        if (hint.textContent !== text) hint.textContent = text;
      }, 300);
    }

    textarea.addEventListener('beforeinput', function (event) {
      if (state.mode === 'off' || state.composing || event.isComposing) return;
      if (event.inputType !== 'insertText' || !event.data) {
        state.raw = null;
        return;
      }
      if (typeInto(textarea, state, event.data)) {
        event.preventDefault();
        textarea.dispatchEvent(new Event('input', { bubbles: true }));
      }
    });
    textarea.addEventListener('compositionstart', function () { state.composing = true; });
    textarea.addEventListener('compositionend', function () {
      state.composing = false;
      // Soft keyboards that compose whole words hand us plain keys at the end: convert that word.
      setTimeout(function () { convertComposedWord(textarea, state); }, 0);
    });
    textarea.addEventListener('input', refreshHint);
    refreshHint();
  }

  function convertComposedWord(textarea, state) {
    var end = textarea.selectionStart;
    if (state.mode === 'off' || end !== textarea.selectionEnd) return;
    var from = end;
    while (from > 0 && isWordChar(textarea.value[from - 1], state.mode)) from--;
    var keys = textarea.value.slice(from, end);
    if (!/^[A-Za-z0-9]+$/.test(keys)) return; // a native Vietnamese keyboard already wrote the letters
    var rendered = typeWord(keys, state.mode);
    if (rendered === keys) return;
    textarea.setRangeText(rendered, from, end, 'end');
    state.raw = null;
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }

  // A server-side suggestion button: with JS, clicking it puts the corrected text into the box.
  function useSuggestion(event) {
    var button = event.target.closest('[data-vn-suggestion]');
    if (!button || !button.hasAttribute('data-text')) return;
    var form = button.form || button.closest('form');
    var textarea = form && (form.querySelector('textarea[data-vn-typing]') || form.querySelector('textarea'));
    if (!textarea) return;
    event.preventDefault();
    textarea.value = button.getAttribute('data-text');
    textarea.focus();
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('textarea[data-vn-typing]'), enhance);
    document.addEventListener('click', useSuggestion);
  }

  root.VnTyping = { typeWord: typeWord, placeTone: placeTone, looksToneless: looksToneless };
  if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
    else init();
  }
})(typeof window !== 'undefined' ? window : globalThis);
