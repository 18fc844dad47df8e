import assert from 'node:assert/strict';
import { linkify } from '../../src/features/outbox/linkify.js';

describe('linkify (outbox message bodies)', () => {
  it('when text holds an http(s) URL, then it becomes a link part and the rest stays text', () => {
    assert.deepEqual(linkify('Open https://a.example/x?y=1&z=2 now'), [
      { text: 'Open ' },
      { text: 'https://a.example/x?y=1&z=2', href: 'https://a.example/x?y=1&z=2' },
      { text: ' now' },
    ]);
  });

  it('when a URL ends a sentence, then the punctuation is not part of the link', () => {
    assert.deepEqual(linkify('(see http://a.example/p).'), [
      { text: '(see ' },
      { text: 'http://a.example/p', href: 'http://a.example/p' },
      { text: ').' },
    ]);
  });

  it('when text holds other schemes or markup, then nothing but http(s) becomes a link', () => {
    const parts = linkify('javascript:alert(1) data:text/html,x <a href="https://b.example/">b</a>');
    assert.deepEqual(
      parts.filter((p) => p.href).map((p) => p.href),
      ['https://b.example/'],
    );
    assert.equal(
      parts.map((p) => p.text).join(''),
      'javascript:alert(1) data:text/html,x <a href="https://b.example/">b</a>',
    );
  });

  it('when text has no URL, then it is one text part (and empty text gives none)', () => {
    assert.deepEqual(linkify('plain\ntext'), [{ text: 'plain\ntext' }]);
    assert.deepEqual(linkify(''), []);
  });
});
