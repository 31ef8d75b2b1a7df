// The HTML fast path must return html-to-text's text byte for byte whenever it returns
// text, and must leave to html-to-text what it does not read.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToText, htmlToTextByLibrary } from '../../../src/parsers/mail-body.js';
import { simpleHtmlToText } from '../../../src/parsers/html-simple.js';

const READ_FAST = [
  '<html><head><meta charset="utf-8"><style>p{margin:0}</style></head>\n<body><p>Hi Anna,</p>\n<p>We need 40 seats.</p></body></html>',
  '<!DOCTYPE html><html><body><div>one</div><div>two<br>three</div></body></html>',
  'text before <body>only <b>this</b></body> text after',
  '<body>first</body> between <body>second</body>',
  '<p>a <span>b</span>c <b> d </b> e</p>',
  'a <!-- note --> b<!---->c <!-->d<!--->e',
  '<p>one<p>two<div>three</div>four</p>five</p>',
  '</p>lone close</br>after',
  '<table><tr><td>Seats</td><td>40</td><tr><td>Price</td><td>&euro;12</td></table>tail',
  '<blockquote>\n<p>quoted</p>\n<blockquote>deeper<br><br></blockquote></blockquote>reply',
  '<h1>Title</h1><h2>Sub  title</h2><h4>small</h4>body',
  '<p>&lt;tag&gt; &amp; &quot;q&quot; &apos;a&apos; &nbsp;x&rarr;y &#65;&#x42;&#8212; &copy;</p>',
  'a & b && c < d <3 e',
  '<P CLASS=x>Upper <BR/>case</P>',
  '<p title="a>b" data-x=1 x>attributes</p>',
  'Grüße\u200bnaïve\f日本語\t😀',
  '<div><p>x</p><br></div><br>y',
  '<p></p><p> </p><div></div>z',
  '<script>if (a < b) x = "</p>";</script>after<style>p { }</style >',
  '<?xml version="1.0"?><p>instruction</p>',
  '<p>above<hr>below</p><HR/>end',
  '<p class=MsoNormal>Thanks<o:p></o:p></p><p><O:P>&nbsp;</O:P></p>',
  '<html><head><title>Re: seats &amp; price</title></head><body>the body</body></html>',
  '<p>shown</p><div style="display:none;max-height:0">preheader</div>',
  '<p>a</p><span style="font-size:0px;color:#ffffff">zero</span><p hidden>attribute</p>b',
  '<div style="font-size:0"><div style="font-size:14px">column</div> gap </div>',
  '<table bgcolor="#ffffff"><tr><td><font color="white">white</font> shown</td></tr></table>',
  '<p style="font-family:&quot;Calibri&quot;;color:#1F497D">Outlook style</p>',
  '<html style="display:none"><body>outer body read</body></html>',
  '<body style="visibility:hidden">a <span style="visibility:visible">b</span></body>',
  '<p>one<div style="display:none"><p>two<br></div>three</p>',
];

const FALL_BACK = [
  '<ul><li>one<li>two</ul>',
  '<pre>  kept  </pre>',
  'a<wbr>b',
  '<title>T</title> without a body',
  '<body><title>T</title></body>',
  '<v:rect>shape</v:rect>',
  '<svg><p>x</p></svg>',
  '&foo; unknown entity',
  '&amp without semicolon',
  '&#0; NUL',
  '&#128; C1 control',
  '<p a="1"b="2">attributes without a space</p>',
  '<div class="open>',
  '</ p>',
  'a <',
  '<!-- open comment',
  '<![CDATA[x]]>',
  '<style>open style',
  '<style>x</style y>',
];

describe('simpleHtmlToText', () => {
  it.each(READ_FAST)('matches html-to-text on %j', (html) => {
    const fast = simpleHtmlToText(html);
    expect(fast).not.toBeNull();
    expect(fast).toBe(htmlToTextByLibrary(html));
  });

  it.each(READ_FAST)('keeps hidden text on request in %j', (html) => {
    const fast = simpleHtmlToText(html, true);
    expect(fast).not.toBeNull();
    expect(fast).toBe(htmlToTextByLibrary(html, true));
  });

  it.each(FALL_BACK)('falls back on %j', (html) => {
    expect(simpleHtmlToText(html)).toBeNull();
    expect(htmlToText(html)).toBe(htmlToTextByLibrary(html));
  });

  it('rejects broken tag with long whitespace quickly', () => {
    const html = `<p${' '.repeat(50_000)}x"`;
    const started = Date.now();
    expect(simpleHtmlToText(html)).toBeNull();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('matches html-to-text on a long document with one late entity', () => {
    // Each text node's entity search stops at its own end, never at this late `&amp;`.
    const html = `${'<p>a</p>'.repeat(20_000)}<p>x &amp; y</p>`;
    const fast = simpleHtmlToText(html);
    expect(fast).not.toBeNull();
    expect(fast).toBe(htmlToTextByLibrary(html));
  });

  it.each(['div', 'section'])('cuts %s nested past the depth limit', (tag) => {
    const html = `${`<${tag}>`.repeat(20_000)}deep${`</${tag}>`.repeat(20_000)}<p>after</p>`;
    const cuts = new Set<string>();
    const text = htmlToText(html, cuts);
    expect([...cuts]).toEqual(['MAX_HTML_DEPTH']);
    expect(text).not.toContain('deep');
    expect(text).not.toMatch(/[\ufdd0\ufdd1]/);
  });

  it('leaves nesting under the depth limit whole', () => {
    const html = `${'<div>'.repeat(200)}deep${'</div>'.repeat(200)}`;
    const cuts = new Set<string>();
    expect(simpleHtmlToText(html)).toBeNull();
    expect(htmlToText(html, cuts)).toBe('deep');
    expect(cuts.size).toBe(0);
  });

  const FRAGMENTS = [
    'Hello', 'price', 'naïve', '日本', 'a', 'b.', ' ', '  ', '\n', '\t', '\f', '\u200b', '\u00a0', ' \n ',
    '&amp;', '&lt;', '&gt;', '&nbsp;', '&rarr;', '&#65;', '&#x200b;', '&#32;', '&#10;', '&foo;', '&amp', '& ',
    '<p>', '</p>', '<div>', '</div>', '<DIV class="x">', '<table>', '</table>', '<tr>', '<td>', '</td>',
    '<blockquote>', '</blockquote>', '<h1>', '</h1>', '<h5>', '</h5>', '<span>', '</span>', '<b>', '</b>',
    '<a href="x">', '</a>', '<body>', '</body>', '<head>', '</head>', '<html>', '</html>', '<br>', '</br>',
    '<br/>', '<img src="i.png" alt="pic">', '<meta a=b>', '</img>', '<!-- c -->', '<!-->', '<!DOCTYPE html>',
    '<style>s</style>', '<script>x</script>', '<ul>', '<li>', '<pre>', '<hr>', '<title>t</title>', '<', 'a<b',
    '<o:p>', '</o:p>', '<title>',
    '<div style="display:none">', '<span hidden>', '<p style="font-size:0">', '<span style="font-size:12px">',
    '<td bgcolor="#fff">', '<font color="#FFFFFF">', '<b style="color:#000">', '<i style="visibility:hidden">',
    '<u style="visibility:visible">', '<body style="color:white;background:white">', '<br hidden>',
    '<img style="display:none">', '<div style="max-height:0;overflow:hidden">', '<span style="opacity:0">',
  ];

  it('matches html-to-text on random documents', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 50 }), (parts) => {
        const html = parts.join('');
        const fast = simpleHtmlToText(html);
        if (fast !== null) expect(fast).toBe(htmlToTextByLibrary(html));
        const fastWithHidden = simpleHtmlToText(html, true);
        if (fastWithHidden !== null) expect(fastWithHidden).toBe(htmlToTextByLibrary(html, true));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('hidden HTML text', () => {
  const rows: [string, string, string][] = [
    ['display none', '<p>shown</p><div style="display: none !important">hidden</div>', 'shown'],
    ['hidden attribute', '<p>shown</p><div hidden>hidden</div>', 'shown'],
    ['visibility hidden', '<p>shown</p><p style="visibility:hidden">hidden</p>', 'shown'],
    ['visibility set back', '<div style="visibility:hidden">hidden <b style="visibility:visible">shown</b></div>', 'shown'],
    ['font size zero', '<p>shown</p><span style="font-size:0px">hidden</span>', 'shown'],
    ['font size relative to zero', '<div style="font-size:0"><span style="font-size:2em">hidden</span></div>', ''],
    ['font size set back', '<div style="font-size:0">hidden<span style="font-size:14px">shown</span></div>', 'shown'],
    ['zero height clipped', '<div style="max-height:0px;overflow:hidden">hidden</div><p>shown</p>', 'shown'],
    ['zero height not clipped', '<div style="max-height:0">shown</div>', 'shown'],
    ['opacity zero', '<span style="opacity:0">hidden</span>shown', 'shown'],
    ['white on white', '<p style="color:#fff;background:#ffffff">hidden</p><p>shown</p>', 'shown'],
    ['near white on white', '<td bgcolor="white"><span style="color:rgb(250, 250, 250)">hidden</span></td>shown', 'shown'],
    ['white on inherited white', '<div style="background-color:white"><p><font color="#ffffff">hidden</font></p></div>shown', 'shown'],
    ['white on dark', '<div style="background:#222 url(x.png)"><span style="color:#fff">shown</span></div>', 'shown'],
    ['white on black', '<div style="background:black"><span style="color:#fff">shown</span></div>', 'shown'],
    ['transparent text', '<span style="color:transparent">hidden</span>shown', 'shown'],
    ['white alone', '<span style="color:#ffffff">shown</span>', 'shown'],
    ['semicolon in url', '<div style="background:url(\'a;b.png\');display:none">hidden</div>shown', 'shown'],
    ['comment in style', '<div style="display:/* x */none">hidden</div>shown', 'shown'],
    ['important kept', '<div style="display:none!important;display:block">hidden</div>shown', 'shown'],
    // Visible text: a cell's height is its minimum height, and inline elements take no size. A
    // <font size> sets an absolute size, links keep their link colour, and an image covers the
    // background colour.
    ['zero-height cell shown', '<table><tr><td style="height:0;overflow:hidden">shown</td></tr></table>', 'shown'],
    ['zero-width span shown', '<span style="width:0;overflow:hidden">shown</span>', 'shown'],
    ['zero-width block span hidden', '<span style="display:block;width:0;overflow:hidden">hidden</span>shown', 'shown'],
    ['font size attribute set back', '<div style="font-size:0"><font size="3">shown</font></div>', 'shown'],
    ['link on white shown', '<div style="color:#fff;background:#fff"><a href="https://x.example">shown</a></div>', 'shown'],
    ['white on image shown', '<div style="background-color:#fff;background-image:url(x.png)"><span style="color:#fff">shown</span></div>', 'shown'],
    ['white on cell image shown', '<table><tr><td bgcolor="#ffffff" background="x.png"><font color="#ffffff">shown</font></td></tr></table>', 'shown'],
  ];

  it.each(rows)('%s', (_name, html, expected) => {
    const text = htmlToText(html).replace(/\s+/g, ' ').trim();
    expect(text).toBe(expected);
    expect(htmlToTextByLibrary(html).replace(/\s+/g, ' ').trim()).toBe(expected);
  });

  it('leaves hidden list item out', () => {
    const html = '<ul><li>one</li><li style="display:none">two</li><li>three</li></ul>';
    expect(simpleHtmlToText(html)).toBeNull();
    expect(htmlToText(html)).toBe(' * one\n * three');
  });

  it('prunes hidden text nested past the stack depth', () => {
    const html = `<div style="font-size:0">${'<div>'.repeat(20_000)}deep${'</div>'.repeat(20_000)}</div><p>after</p>`;
    expect(htmlToText(html).trim()).toBe('after');
  });
});
