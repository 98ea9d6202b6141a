import { TestApp } from '../support/test-app';

/** The directives of a Content-Security-Policy header, each with its sources. */
function directives(header: string | undefined): Record<string, string[]> {
  expect(header).toBeDefined();
  return Object.fromEntries(
    header!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe('Content Security Policy of the pages the server serves', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.stop());

  test('When the task pane is loaded, then it may connect to its own server only', async () => {
    const csp = directives((await t.http.get('/addin/taskpane.html')).headers['content-security-policy']);

    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(csp['default-src']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(expect.arrayContaining(["'self'", 'https://*.officeapps.live.com']));
  });

  test('When the admin page is loaded, then it may connect to its own server only and is never framed', async () => {
    const csp = directives((await t.http.get('/admin/')).headers['content-security-policy']);

    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
  });
});

describe('Content Security Policy with CORS_ORIGINS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ corsOrigins: ['https://jxc-test.example.com'] });
  });
  afterAll(() => t.stop());

  test('When other origins are configured, then the task pane may connect to them as well, and to nothing else', async () => {
    const csp = directives((await t.http.get('/addin/taskpane.html')).headers['content-security-policy']);

    expect(csp['connect-src']).toEqual(["'self'", 'https://jxc-test.example.com']);
  });
});
