/**
 * L2-regularised logistic regression by Newton's method (iteratively reweighted least squares).
 * Written here rather than taken from npm: the model has a handful of features and a hundred-odd
 * examples, the fit must be deterministic so `fit-decision.ts --check` can compare it with the
 * committed coefficients, and the regularisation strength is what cross-validation chooses; the
 * maintained package we found (ml-logistic-regression) fits by a fixed number of gradient steps
 * with no penalty term.
 */

export interface LogisticFit {
  /** Per feature, on standardised inputs. */
  weights: number[];
  intercept: number;
  mean: number[];
  scale: number[];
}

/** Solves `a x = b` by Gaussian elimination with partial pivoting (a is small and symmetric positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[pivot]?.[col] ?? 0)) pivot = r;
    const top = m[pivot];
    const current = m[col];
    if (!top || !current) continue;
    m[col] = top;
    m[pivot] = current;
    const lead = top[col] ?? 0;
    if (lead === 0) continue;
    for (let r = 0; r < n; r++) {
      const row = m[r];
      if (r === col || !row) continue;
      const factor = (row[col] ?? 0) / lead;
      for (let c = col; c <= n; c++) row[c] = (row[c] ?? 0) - factor * (top[c] ?? 0);
    }
  }
  return m.map((row, i) => (row[n] ?? 0) / (row[i] || 1));
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * Fits `y ~ sigmoid(intercept + w · standardise(x))`, minimising the negative log-likelihood plus
 * `l2 / 2 · |w|²` (the intercept is not penalised). Sample weights let a caller balance classes.
 */
export function fitLogistic(x: number[][], y: number[], l2: number, sampleWeight?: number[]): LogisticFit {
  const d = x[0]?.length ?? 0;
  const n = x.length;
  const mean = Array.from({ length: d }, (_, j) => x.reduce((s, row) => s + (row[j] ?? 0), 0) / Math.max(1, n));
  const scale = Array.from({ length: d }, (_, j) => {
    const variance = x.reduce((s, row) => s + ((row[j] ?? 0) - (mean[j] ?? 0)) ** 2, 0) / Math.max(1, n);
    return Math.sqrt(variance) || 1;
  });
  const z = x.map((row) => [1, ...row.map((v, j) => (v - (mean[j] ?? 0)) / (scale[j] ?? 1))]);
  const beta = new Array<number>(d + 1).fill(0);
  for (let iteration = 0; iteration < 100; iteration++) {
    const gradient = beta.map((b, j) => (j === 0 ? 0 : l2 * b));
    const hessian = beta.map((_, i) => beta.map((_, j) => (i === j && i > 0 ? l2 : 0)));
    z.forEach((row, r) => {
      const p = sigmoid(row.reduce((s, v, j) => s + v * (beta[j] ?? 0), 0));
      const w = sampleWeight?.[r] ?? 1;
      const residual = w * (p - (y[r] ?? 0));
      const curvature = w * Math.max(p * (1 - p), 1e-9);
      row.forEach((vi, i) => {
        gradient[i] = (gradient[i] ?? 0) + residual * vi;
        const hRow = hessian[i];
        if (hRow) row.forEach((vj, j) => (hRow[j] = (hRow[j] ?? 0) + curvature * vi * vj));
      });
    });
    const step = solve(hessian, gradient);
    let largest = 0;
    step.forEach((s, j) => {
      beta[j] = (beta[j] ?? 0) - s;
      largest = Math.max(largest, Math.abs(s));
    });
    if (largest < 1e-10) break;
  }
  return { intercept: beta[0] ?? 0, weights: beta.slice(1), mean, scale };
}

export function predict(fit: LogisticFit, x: number[]): number {
  let z = fit.intercept;
  x.forEach((v, j) => (z += ((fit.weights[j] ?? 0) * (v - (fit.mean[j] ?? 0))) / (fit.scale[j] ?? 1)));
  return sigmoid(z);
}
