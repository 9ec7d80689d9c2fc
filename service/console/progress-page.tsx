/**
 * The «Tiến độ» page of a progress round (validators, coordinators): the report SKH&CN reads,
 * from the same model as the merged progress files, with both files to download.
 */
import type { Hono } from 'hono';
import { ApiError } from '../errors.js';
import { loadProgressInput } from '../progress/load-report.js';
import { buildProgressReport } from '../progress/report-model.js';
import { getRound, progressOf } from '../rounds/round.js';
import { renderPage, url } from './layout.js';
import { ProgressBody } from './progress.js';
import { type ConsoleEnv, requireConsoleRole } from './session.js';

export function registerProgressPage(app: Hono<ConsoleEnv>) {
  const reviewers = requireConsoleRole('validator', 'coordinator');
  app.get('/rounds/:round/progress', reviewers, async (c) => {
    const { db, registry, config } = c.get('deps');
    const round = await getRound(db, c.req.param('round'));
    if (!progressOf(round))
      throw new ApiError('not_found', `Đợt «${round.name}» là đợt xây dựng kế hoạch, không có báo cáo tiến độ.`);
    const report = buildProgressReport(await loadProgressInput(db, registry, round, config.now()));
    const file = `/api/v1/rounds/${encodeURIComponent(round.id)}/merged/progress`;
    return renderPage(c, {
      title: `Tiến độ — ${report.input.periodLabel}`,
      round,
      nav: 'progress',
      children: (
        <>
          <p class="lead">{`${report.input.planTitle}. ${report.input.periodLabel}, hạn báo cáo ${report.input.dueText}.`}</p>
          <p>
            Tải báo cáo tổng hợp: <a href={`${url.progressFile(round.id)}xlsx`}>tệp Excel (.xlsx)</a>,{' '}
            <a href={`${url.progressFile(round.id)}csv`}>tệp CSV</a> (cũng có qua API: <code>{file}</code>).
          </p>
          <ProgressBody report={report} />
        </>
      ),
    });
  });
  // The files, with the console's cookie: the same report as the API's merged/progress.
  app.get('/rounds/:round/progress/file/:ext', reviewers, async (c) => {
    const ext = c.req.param('ext');
    if (ext !== 'xlsx' && ext !== 'csv') throw new ApiError('not_found', 'Không có tệp này.');
    const { db } = c.get('deps');
    const round = await getRound(db, c.req.param('round'));
    const { mergedProgress } = await import('../routes/progress.js');
    return mergedProgress(c as never, round, `.${ext}`);
  });
}
