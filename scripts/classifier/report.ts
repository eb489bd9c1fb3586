/** Accuracy, per-class precision and recall, and the confusion matrix of a labelled run. */
export interface Scored {
  truth: string;
  predicted: string;
}

export interface Report {
  accuracy: number;
  perClass: { label: string; precision: number; recall: number; support: number }[];
  /** confusion[truth][predicted] */
  confusion: Record<string, Record<string, number>>;
  /** The costly mistakes: code or reasoning sent to the cheap Q&A model. */
  costly: { codeToSimple: number; reasoningToSimple: number };
}

export function score(results: readonly Scored[], labels: readonly string[]): Report {
  const confusion: Record<string, Record<string, number>> = {};
  const columns = [...labels, ...new Set(results.map((r) => r.predicted).filter((p) => !labels.includes(p)))];
  for (const t of labels) confusion[t] = Object.fromEntries(columns.map((p) => [p, 0]));
  for (const { truth, predicted } of results) {
    const row = confusion[truth];
    if (row) row[predicted] = (row[predicted] ?? 0) + 1;
  }
  const correct = results.filter((r) => r.truth === r.predicted).length;
  const perClass = labels.map((label) => {
    const tp = confusion[label]?.[label] ?? 0;
    const predicted = results.filter((r) => r.predicted === label).length;
    const support = results.filter((r) => r.truth === label).length;
    return { label, precision: predicted ? tp / predicted : 0, recall: support ? tp / support : 0, support };
  });
  return {
    accuracy: results.length ? correct / results.length : 0,
    perClass,
    confusion,
    costly: {
      codeToSimple: confusion['code_generation']?.['simple_qa'] ?? 0,
      reasoningToSimple: confusion['complex_reasoning']?.['simple_qa'] ?? 0,
    },
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function formatReport(title: string, report: Report, total: number): string {
  const labels = Object.keys(report.confusion);
  const columns = Object.keys(report.confusion[labels[0] ?? ''] ?? {});
  const width = Math.max(...[...labels, ...columns].map((l) => l.length), 9) + 2;
  const lines = [
    `${title}: accuracy ${pct(report.accuracy)} of ${total}`,
    '',
    `${'class'.padEnd(width)}${'precision'.padStart(11)}${'recall'.padStart(9)}${'support'.padStart(9)}`,
    ...report.perClass.map((c) => `${c.label.padEnd(width)}${pct(c.precision).padStart(11)}${pct(c.recall).padStart(9)}${String(c.support).padStart(9)}`),
    '',
    `confusion (rows: truth, columns: predicted)`,
    `${''.padEnd(width)}${columns.map((c) => c.padStart(width)).join('')}`,
    ...labels.map((t) => `${t.padEnd(width)}${columns.map((p) => String(report.confusion[t]?.[p] ?? 0).padStart(width)).join('')}`),
    '',
    `costly mistakes: code -> simple_qa ${report.costly.codeToSimple}, reasoning -> simple_qa ${report.costly.reasoningToSimple}`,
  ];
  return lines.join('\n');
}
