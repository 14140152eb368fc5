// What a person would check on each page of the stock MLflow UI. Each check opens its page, waits
// for what a person would look for, records facts, and throws on a mismatch.
const WAIT = { timeout: 30000 };

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function open(page, base, path) {
  await page.goto(base.replace(/\/$/, '') + path);
}

async function see(page, text, options = {}) {
  await page.getByText(text, { exact: options.exact ?? true }).first().waitFor(WAIT);
}

async function top(page, text) {
  const box = await page.getByText(text, { exact: true }).first().boundingBox();
  return box ? box.y : null;
}

/** A chart drew: an svg or canvas with plotted lines, at least `min` traces. */
async function chartDrew(page, min = 1) {
  await page.waitForFunction((n) => {
    const traces = document.querySelectorAll('svg .scatterlayer .trace, svg .plot .trace');
    const paths = [...document.querySelectorAll('svg path.js-line')].filter((p) => (p.getAttribute('d') || '').length > 20);
    return traces.length >= n && paths.length >= n;
  }, min, WAIT);
  return page.evaluate(() => [...document.querySelectorAll('svg path.js-line')].filter((p) => (p.getAttribute('d') || '').length > 20).length);
}

function runSearchBodies(requests) {
  return requests.filter((r) => r.url.includes('/runs/search') && r.body).map((r) => JSON.parse(r.body));
}

export const checks = {
  async experiments({ page, base, data, facts }) {
    await open(page, base, '/#/experiments');
    await see(page, data.experiment_name);
    facts.experiment = data.experiment_name;
  },

  async runsTable({ page, base, data, facts, quiet, requests }) {
    // A filter and a sort through the page's own URL state, as a shared link carries them.
    const filter = encodeURIComponent('params.lr != "0.001"');
    const sort = encodeURIComponent('metrics.`loss`');
    await open(page, base, `/#/experiments/${data.experiment_id}/runs?searchFilter=${filter}&orderByKey=${sort}&orderByAsc=false`);
    await see(page, 'ui-run-0');
    await see(page, 'ui-run-1');
    await quiet();
    expect(await page.getByText('ui-run-2', { exact: true }).count() === 0, 'the filter lr != 0.001 must hide ui-run-2');
    const y0 = await top(page, 'ui-run-0');
    const y1 = await top(page, 'ui-run-1');
    expect(y0 !== null && y1 !== null && y0 < y1, `sorted by loss descending, ui-run-0 (${y0}) comes before ui-run-1 (${y1})`);
    const bodies = runSearchBodies(requests);
    expect(bodies.some((b) => b.filter === 'params.lr != "0.001"' && (b.order_by || []).some((o) => o.startsWith('metrics.`loss` DESC'))),
      `runs/search carried the filter and sort: ${JSON.stringify(bodies)}`);
    // Choose a column: the param "lr" from the column picker.
    await page.getByRole('button', { name: /columns/i }).first().click();
    const picker = page.getByPlaceholder(/search/i).last();
    await picker.fill('lr');
    await page.getByRole('treeitem', { name: 'lr' }).or(page.getByRole('checkbox', { name: 'lr' })).or(page.getByText('lr', { exact: true })).last().click();
    await page.keyboard.press('Escape');
    await see(page, '0.01');
    facts.rows = ['ui-run-0', 'ui-run-1'];
    facts.column = 'lr';
  },
};

Object.assign(checks, {
  async runOverview({ page, base, data, facts }) {
    const [run] = data.run_ids;
    await open(page, base, `/#/experiments/${data.experiment_id}/runs/${run}`);
    await see(page, 'ui-run-0');
    await see(page, 'weather-train', { exact: false }); // datasets
    await page.getByText(/^stage\s*:\s*s0$/).first().waitFor(WAIT); // tag stage=s0
    await see(page, data.registered_model, { exact: false });
    // Metrics table: loss at its last step is 1/25.
    const metrics = page.getByRole('row').filter({ hasText: 'loss' }).first();
    await metrics.waitFor(WAIT);
    const metricRow = await metrics.innerText();
    expect(metricRow.includes('0.04'), `loss row shows 0.04: ${metricRow}`);
    // Parameters table.
    await page.getByText('Parameters', { exact: false }).first().scrollIntoViewIfNeeded();
    const params = page.getByRole('row').filter({ hasText: 'optimizer' }).first();
    await params.waitFor(WAIT);
    expect((await params.innerText()).includes('adam'), 'param optimizer = adam');
    const lr = await page.getByRole('row').filter({ hasText: /^lr/ }).first().innerText();
    expect(lr.includes('0.1'), `param lr = 0.1: ${lr}`);
    facts.loss = '0.04';
    facts.lr = '0.1';
  },

  async runArtifacts({ page, base, data, facts }) {
    const [run] = data.run_ids;
    await open(page, base, `/#/experiments/${data.experiment_id}/runs/${run}/artifacts`);
    const tree = (name) => page.getByText(name, { exact: true }).first();
    await tree('notes.txt').click();
    await see(page, 'second line of the notes', { exact: false });
    await tree('config.json').click();
    await see(page, '"relu"', { exact: false });
    await tree('plot.png').click();
    await page.waitForFunction(() => [...document.images].some((i) => i.complete && i.naturalWidth === 120 && i.naturalHeight === 80), null, WAIT);
    await tree('weather.csv').click();
    await see(page, 'Lima', { exact: false });
    await tree('tables').click();
    await tree('words.json').click();
    await see(page, 'alpha', { exact: false });
    facts.previews = ['notes.txt', 'config.json', 'plot.png', 'weather.csv', 'tables/words.json'];
  },

  async runCharts({ page, base, data, facts }) {
    const [run] = data.run_ids;
    await open(page, base, `/#/experiments/${data.experiment_id}/runs/${run}/model-metrics`);
    await see(page, 'loss');
    await see(page, 'accuracy');
    facts.lines = await chartDrew(page, 2);
  },

  async metricStep({ page, base, data, facts }) {
    await open(page, base, metricPage(data, 'step'));
    for (const name of data.run_names) await see(page, name, { exact: false });
    facts.lines = await chartDrew(page, 3);
    expect(facts.lines >= 3, `three runs plotted, got ${facts.lines}`);
  },

  async metricTime({ page, base, data, facts }) {
    await open(page, base, metricPage(data, 'wall'));
    await see(page, 'Time', { exact: false });
    facts.lines = await chartDrew(page, 3);
  },

  async compareRuns({ page, base, data, facts }) {
    const runs = encodeURIComponent(JSON.stringify(data.run_ids));
    const exps = encodeURIComponent(JSON.stringify([data.experiment_id]));
    await open(page, base, `/#/compare-runs?runs=${runs}&experiments=${exps}`);
    for (const name of data.run_names) await see(page, name);
    const lrRow = page.getByRole('row').filter({ hasText: /^lr/ }).first();
    await lrRow.waitFor(WAIT);
    const text = await lrRow.innerText();
    for (const v of ['0.1', '0.01', '0.001']) expect(text.includes(v), `lr row shows ${v}: ${text}`);
    facts.lr = text.replace(/\s+/g, ' ');
  },

  async registeredModels({ page, base, data, facts }) {
    await open(page, base, '/#/models');
    await see(page, data.registered_model);
    await see(page, 'Version 1', { exact: false });
    facts.model = data.registered_model;
  },

  async modelVersion({ page, base, data, facts }) {
    await open(page, base, `/#/models/${data.registered_model}/versions/${data.model_version}`);
    await see(page, `Version ${data.model_version}`, { exact: false });
    await see(page, 'first shouting model', { exact: false });
    await see(page, 'champion', { exact: false });
    facts.version = data.model_version;
  },

  async loggedModels({ page, base, data, facts }) {
    await open(page, base, `/#/experiments/${data.experiment_id}/models`);
    await see(page, 'upper-model');
    await see(page, 'ui-run-0', { exact: false });
    facts.model = 'upper-model';
  },

  async loggedModel({ page, base, data, facts }) {
    await open(page, base, `/#/experiments/${data.experiment_id}/models/${data.model_id}`);
    await see(page, 'upper-model');
    await see(page, data.model_id, { exact: false });
    facts.model = data.model_id;
  },

  /** The model's own artifacts (MLflow 3 keeps them on the logged model): the MLmodel file previews. */
  async modelArtifacts({ page, base, data, facts }) {
    await open(page, base, `/#/experiments/${data.experiment_id}/models/${data.model_id}/artifacts`);
    await page.getByText('MLmodel', { exact: true }).first().click(WAIT);
    await see(page, 'python_function', { exact: false });
    facts.preview = 'MLmodel';
  },

  async traces({ page, base, data, facts, quiet }) {
    await open(page, base, `/#/experiments/${data.experiment_id}/traces`);
    for (const question of data.trace_questions) {
      await see(page, `{"question": "${question}"}`);
    }
    await see(page, `"Labbook keeps model versions"`, { exact: false });
    await quiet();
    const text = await page.locator('body').innerText();
    expect(!/something went wrong/i.test(text), 'the traces view shows no error');
    facts.rows = data.trace_questions.filter((q) => text.includes(q)).length;
    facts.assessment = text.includes('correctness');
  },

  /** The GenAI dashboard: trace count, latency and errors computed from the stored traces. */
  async traceDashboard({ page, base, data, facts, quiet }) {
    await open(page, base, `/#/experiments/${data.experiment_id}/dashboard/usage`);
    await see(page, 'Latency');
    await see(page, 'Errors');
    await page.waitForFunction((n) => /Traces\s*\n\s*(\d+)/.exec(document.body.innerText)?.[1] === String(n),
      data.trace_ids.length, WAIT);
    await quiet();
    const text = await page.locator('body').innerText();
    facts.traces = Number(/Traces\s*\n\s*(\d+)/.exec(text)?.[1]);
    facts.errors = Number(/Errors\s*\n\s*(\d+)/.exec(text)?.[1]);
  },

  /** The Sessions switch of the Traces tab: each chat session, then one session's turns. */
  async chatSessions({ page, base, data, facts, quiet }) {
    // The Sessions entry of the side bar points to the Traces tab's Traces/Sessions switch.
    await open(page, base, `/#/experiments/${data.genai_experiment_id}/chat-sessions`);
    await page.getByText(/View Sessions in Traces tab/).first().click(WAIT);
    for (const session of Object.keys(data.sessions)) {
      await see(page, session);
    }
    await quiet();
    const listed = await page.locator('body').innerText();
    facts.sessions = Object.keys(data.sessions).filter((s) => listed.includes(s));
    await page.getByText('session-alpha', { exact: true }).first().click(WAIT);
    await see(page, 'niaga dna');
    await quiet();
    const turns = await page.locator('body').innerText();
    // The replies are the messages reversed; session-beta's "ih" must not be among session-alpha's turns.
    facts.replies = ['olleh', 'niaga dna', 'ih'].filter((t) => turns.split('\n').includes(t));
    facts.turns = Number(/(\d+) turns/.exec(turns)?.[1]);
    facts.url = page.url();
  },

  /** The Evaluation runs page: the genai.evaluate run, and its rows with the scorer's verdicts. */
  async evaluationRuns({ page, base, data, facts, quiet }) {
    await open(page, base, `/#/experiments/${data.genai_experiment_id}/evaluation-runs`);
    await page.getByText(data.evaluation_run_name, { exact: true }).first().click(WAIT);
    await see(page, 'mentions_labbook');
    await see(page, 'evaluation runs', { exact: false });
    await quiet();
    const text = await page.locator('body').innerText();
    expect(!/something went wrong/i.test(text), 'the evaluation view shows no error');
    facts.scorer = text.includes('mentions_labbook');
    facts.rows = ['experiment traces', 'evaluation runs'].filter((q) => text.includes(q)).length;
    facts.shown = /(\d+ of \d+) traces/.exec(text)?.[1];
  },

  /** The Review page: the review queue with its items, and the question it asks. */
  async reviewQueue({ page, base, data, facts, quiet }) {
    await open(page, base, `/#/experiments/${data.genai_experiment_id}/review-queue`);
    await see(page, data.queue_name);
    await quiet();
    const text = await page.locator('body').innerText();
    expect(!/something went wrong/i.test(text), 'the review page shows no error');
    // The queue list shows each queue's items still to do: the two evaluated traces.
    facts.todo = Number(new RegExp(`${data.queue_name}\\s+(\\d+)`).exec(text)?.[1]);
  },

  /** The Issues page: the open issue with its severity. */
  async issues({ page, base, data, facts, quiet }) {
    await open(page, base, `/#/experiments/${data.genai_experiment_id}/issues`);
    await see(page, data.issue_name);
    await quiet();
    const text = await page.locator('body').innerText();
    expect(!/something went wrong/i.test(text), 'the issues page shows no error');
    facts.issue = text.includes(data.issue_name);
  },

  /** The experiment's evaluation datasets: the seeded one is listed with its creator. */
  async evalDatasets({ page, base, data, facts, quiet }) {
    await open(page, base, `/#/experiments/${data.experiment_id}/datasets`);
    await see(page, data.dataset_name);
    await quiet();
    const text = await page.locator('body').innerText();
    expect(!/something went wrong/i.test(text), 'the datasets view shows no error');
    facts.listed = await page.getByText(data.dataset_name, { exact: true }).count();
  },

  /** One dataset opened from the list: its record count and each record's inputs. */
  async evalDataset({ page, base, data, facts, quiet }) {
    await open(page, base, `/#/experiments/${data.experiment_id}/datasets`);
    await page.getByText(data.dataset_name, { exact: true }).first().click(WAIT);
    await see(page, `${data.dataset_questions.length} records`);
    for (const question of data.dataset_questions) {
      await see(page, JSON.stringify({ question }));
    }
    await quiet();
    facts.records = (await page.locator('body').innerText()).match(/(\d+) records/)?.[1];
    facts.url = page.url();
  },

  /** One trace opened from the list: its span tree, a span's inputs, and the reviewer's feedback. */
  async traceDetail({ page, base, data, facts, quiet }) {
    await open(page, base, `/#/experiments/${data.experiment_id}/traces`);
    await page.getByText(`{"question": "model versions"}`, { exact: true }).first().click(WAIT);
    for (const span of ['answer-question', 'lookup-docs', '_generate']) {
      await see(page, span);
    }
    await page.getByText('lookup-docs', { exact: true }).first().click(WAIT);
    await see(page, 'query');
    // The root span's assessments panel lists the reviewer's feedback.
    const drawer = page.getByRole('dialog');
    await drawer.getByText('answer-question', { exact: true }).first().click(WAIT);
    await drawer.getByRole('button', { name: /Assess/ }).first().click(WAIT);
    await drawer.getByText('Feedback (1)', { exact: true }).first().waitFor(WAIT);
    await drawer.getByText('correctness', { exact: true }).first().waitFor(WAIT);
    await quiet();
    facts.spans = await page.getByText(/^(answer-question|lookup-docs|_generate)$/).count();
    facts.url = page.url();
  },
});

function metricPage(data, xAxis) {
  const q = (v) => encodeURIComponent(JSON.stringify(v));
  return `/#/metric?runs=${q(data.run_ids)}&metric=${q('loss')}&experiments=${q([data.experiment_id])}` +
    `&plot_metric_keys=${q(['loss'])}&plot_layout=${q({})}&x_axis=${xAxis}&y_axis_scale=linear&line_smoothness=1` +
    `&show_point=false&deselected_curves=${q([])}&last_linear_y_axis_range=${q([])}`;
}

Object.assign(checks, {
  /** The runs table of an experiment with many runs: the newest runs show, the first page is timed. */
  async scaleRuns({ page, base, data, facts }) {
    const started = Date.now();
    await open(page, base, `/#/experiments/${data.experiment_id}/runs`);
    const newest = `scale-${String(data.runs - 1).padStart(5, '0')}`;
    await see(page, newest);
    facts.firstRowsMillis = Date.now() - started;
    facts.newest = newest;
  },

  /** A 1,000,000-point metric: the chart draws from the sampled endpoint, and the draw is timed. */
  async longMetric({ page, base, data, facts, requests }) {
    const started = Date.now();
    const q = (v) => encodeURIComponent(JSON.stringify(v));
    await open(page, base, `/#/metric?runs=${q([data.run_id])}&metric=${q('signal')}&experiments=${q([data.experiment_id])}` +
      `&plot_metric_keys=${q(['signal'])}&plot_layout=${q({})}&x_axis=step&y_axis_scale=linear&line_smoothness=1` +
      `&show_point=false&deselected_curves=${q([])}&last_linear_y_axis_range=${q([])}`);
    facts.lines = await chartDrew(page, 1);
    facts.chartMillis = Date.now() - started;
    facts.sampled = requests.filter((r) => r.url.includes('/metrics/get-history-bulk-interval')).map((r) => r.status);
  },
});
