// The CRM verdicts on the money path, on small inputs a breaker built
// (fixtures/crm-verdicts/). Each test names the class of mistake it holds back:
// a verdict wrong there counts invented loss, or hides a real one.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { AuditReport } from '../../src/report/schema.js';
import { runLeak } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/paths.js';

const DIR = path.join(FIXTURES, 'crm-verdicts');

async function audit(folder: string, crm = 'crm.csv', extra: string[] = []): Promise<{ report: AuditReport; stderr: string }> {
  const result = await runLeak([
    'audit', '--no-progress', '--json',
    '--mbox', path.join(DIR, folder, 'inbox.mbox'),
    '--crm', path.join(DIR, folder, crm),
    ...extra,
  ]);
  expect(result.status).toBe(0);
  return { report: JSON.parse(result.stdout) as AuditReport, stderr: result.stderr };
}

/** `contact status account` per opportunity that carries its lead's value. */
function verdicts(report: AuditReport): string[] {
  return report.opportunities
    .filter((item) => item.sameLeadAs === null)
    .map((item) => `${item.contacts.join()} ${item.crm.status} ${item.crm.account ?? '-'}`);
}

describe('CRM verdicts on the breaker inputs', () => {
  test('dates, account ids and free mail', async () => {
    const { report } = await audit('match');
    expect(verdicts(report)).toEqual([
      'jane.doe@eu.acme-corp.example covered Acme Corp',
      'tom.fry@acme-corp.co.uk invisible Acme Corp UK Ltd',
      'ann.lee@gmail.com invisible -',
      // posteo.de and xs4all.nl are mail providers: another customer there is a stranger.
      'marie.stein@posteo.de invisible -',
      'pat.quinn@xs4all.nl invisible -',
      'helene@roux-bat.example covered ROUX BATIMENT',
      // Nova GmbH (ACC7) and Nova Ltd (ACC8) are two accounts: Nova Ltd has only a deal lost in 2025.
      'sam.hill@nova.co.uk invisible Nova Ltd',
      // Open when Kim wrote on 2026-09-13, won on 2026-10-15.
      'kim.park@kappa-sys.example covered Kappa Systems',
      // Open, but expected to close on 2019-06-30: stale.
      'lee.wong@lambda-ltd.example invisible Lambda Ltd',
      'ops@bigco.com.au covered BigCo Pty Ltd',
      'ray.ng@smallco.com.au invisible -',
      // The CRM's website is Foo Bakery's LinkedIn page: a LinkedIn employee is not Foo Bakery.
      'lina.berg@linkedin.com invisible -',
      'omar.haddad@sigma-labs.example covered Sigma Labs',
      'yuki.sato@yahoo.co.jp invisible -',
    ]);
    const kappa = report.opportunities.find((item) => item.account === 'Kappa Systems');
    expect(kappa?.crm.reason).toBe(
      'opportunity "Kappa Enterprise" (Closed Won), created on 2026-08-01 and closed won on 2026-10-15, open on the signal\'s date',
    );
    const lambda = report.opportunities.find((item) => item.account === 'Lambda Ltd');
    expect(lambda?.crm.reason).toContain('"Lambda pilot" is open but was expected to close on 2019-06-30, more than 13 weeks before the signal');
    expect(report.summary.covered).toBe(6);
    expect(report.summary.invisible).toBe(9);
  });

  test('deal created years later covers nothing', async () => {
    const { report } = await audit('later');
    expect(verdicts(report)).toEqual(['vic@hale-group.example invisible Hale Group']);
    expect(report.opportunities[0]?.crm.reason).toContain('"Hale 2026 renewal" was created on 2026-06-01, more than 13 weeks after the signal');
  });

  test('two NHS trusts are two leads', async () => {
    const { report } = await audit('shared');
    expect(verdicts(report)).toEqual([
      'amy.cole@nhs.net invisible Leeds Teaching Hospitals NHS Trust',
      'raj.patel@nhs.net invisible -',
    ]);
    expect(report.opportunities.every((item) => item.estimatedValue > 0)).toBe(true);
  });

  test('similar names match nothing', async () => {
    const { report } = await audit('names');
    expect(verdicts(report)).toEqual([
      'jonas.weber@db-netz.example invisible -',
      'pia.roth@kg-steel.example invisible -',
      'leo.park@recycling-uk.example invisible -',
    ]);
  });

  test('Gmail variants and multi-site cells match', async () => {
    const { report } = await audit('match2');
    expect(verdicts(report)).toEqual([
      'john.smith@gmail.com covered John Smith Consulting',
      'mia.wong@googlemail.com covered Mia Wong Studio',
      'eva@second-site.example covered Multi Site Co',
      'otto@café-müller.example covered Café Müller',
      'ida@third-mail.example covered Multi Mail Co',
      'ugo@hq.example covered HQ Corp',
      'al@late-co.example covered Late Co',
    ]);
  });

  test('refusals lost, guessed stage warned', async () => {
    const { report } = await audit('stages', 'crm2.csv');
    expect(verdicts(report)).toEqual([
      'ute@kern-gmbh.example invisible Kern GmbH',
      'gus@dale-inc.example invisible Dale Inc',
    ]);
    const guessed = await runLeak([
      'audit', '--no-progress', '--quiet',
      '--mbox', path.join(DIR, 'stages', 'inbox.mbox'),
      '--crm', path.join(DIR, 'stages', 'crm.csv'),
    ]);
    expect(guessed.stderr).toContain('stages read as open because their names say nothing about closing: "No decision" (1 row), "On hold" (1 row), "Stalled" (1 row)');
    // The short-period warning, the guessed stages, and won and lost rows with no dates.
    expect(guessed.stdout).toContain('(3 warnings on stderr; no gate set)');
    expect(guessed.stderr).toContain('no creation or close date column');
  });

  // The sample CRM with its date headers renamed and Globex's open deal dated 2019: unmapped,
  // the old deal passes as undated and covers the 2026 request, so the audit must warn.
  test('unknown date headers warned, mapping fixes verdict', async () => {
    const run = (extra: string[]): ReturnType<typeof runLeak> =>
      runLeak([
        'audit', '--no-progress', '--json',
        '--mbox', path.join(FIXTURES, 'sample', 'inbox.mbox'),
        '--crm', path.join(DIR, 'dates', 'crm.csv'),
        ...extra,
      ]);
    const globex = (stdout: string): string | undefined =>
      (JSON.parse(stdout) as AuditReport).opportunities.find((item) => item.crm.account === 'Globex Logistics')?.crm.status;
    const unmapped = await run([]);
    expect(unmapped.stderr).toContain('columns "Signed on", "Opened on" contain only dates');
    expect(unmapped.stderr).toContain('--crm-map createdDate="Opened on" or --crm-map closeDate="Signed on"');
    const problems = (JSON.parse(unmapped.stdout) as AuditReport).problems.map((problem) => problem.code);
    expect(problems).toContain('CRM_DATE_COLUMN_MISSING');
    expect(globex(unmapped.stdout)).toBe('covered');
    const mapped = await run(['--crm-map', 'createdDate=Opened on', '--crm-map', 'closeDate=Signed on']);
    expect(mapped.stderr).not.toContain('CRM_DATE_COLUMN_MISSING');
    expect(mapped.stderr).not.toContain('contain only dates');
    expect(globex(mapped.stdout)).toBe('invisible');
  });
});
