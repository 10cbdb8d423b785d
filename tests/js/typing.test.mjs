// Engine tests for static/js/typing.js, run with `node --test tests/js` (wrapped by tests/test_typing_js.py).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import vm from 'node:vm';

const source = readFileSync(new URL('../../static/js/typing.js', import.meta.url), 'utf8');
const context = {};
vm.runInNewContext(source, context);
const { typeWord, placeTone, looksToneless } = context.VnTyping;

const cases = (method, pairs) => {
  for (const [keys, expected] of pairs) assert.equal(typeWord(keys, method), expected, `${method} ${keys}`);
};

test('telex letters, tones and dd', () => {
  cases('telex', [['Vieejt', 'Việt'], ['Tieengs', 'Tiếng'], ['ddi', 'đi'], ['DDUWOWNGF', 'ĐƯỜNG'], ['hoawcj', 'hoặc']]);
});

test('telex tone may follow any later letter and moves as letters arrive', () => {
  cases('telex', [['vieetj', 'việt'], ['vietej', 'việt'], ['hoaf', 'hòa'], ['hoafn', 'hoàn'], ['ngoafi', 'ngoài']]);
});

test('telex uo followed by one w gives ươ', () => {
  cases('telex', [['nguowif', 'người'], ['dduwowngf', 'đường'], ['ruwowuj', 'rượu'], ['thuowr', 'thuở']]);
});

test('repeating a key undoes it', () => {
  cases('telex', [['ass', 'as'], ['aaa', 'aa'], ['ddd', 'dd'], ['nhw', 'như'], ['ww', 'w']]);
});

test('z and 0 remove the tone', () => {
  cases('telex', [['asz', 'a'], ['vieetjz', 'viêt']]);
  cases('vni', [['a10', 'a'], ['vie65t0', 'viêt']]);
});

test('vni digits', () => {
  cases('vni', [['Vie65t', 'Việt'], ['Tie61ng', 'Tiếng'], ['ngu7o72i', 'người'], ['d9u7o7ng2', 'đường'], ['qua6n', 'quân']]);
});

test('qu and gi keep their vowel in the onset', () => {
  cases('telex', [['quas', 'quá'], ['giaf', 'già'], ['gif', 'gì'], ['quyeets', 'quyết']]);
});

test('words that cannot become Vietnamese are left alone', () => {
  cases('telex', [['class', 'class'], ['street', 'street']]);
});

test('output is NFC', () => {
  const word = typeWord('Vieejt', 'telex');
  assert.equal(word, word.normalize('NFC'));
  assert.equal(placeTone('khuyu', 3), 'khuỷu');
});

test('toneless hint needs four unmarked words and one impossible spelling', () => {
  assert.equal(looksToneless('Nguoi dan o day rat kho'), true);
  assert.equal(looksToneless('Người dân ở đây rất khổ'), false);
  assert.equal(looksToneless('toi di hoc'), false);
  assert.equal(looksToneless('hom nay troi dep qua'), false);
});
