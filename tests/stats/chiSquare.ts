/** χ² goodness of fit of counts against a uniform spread, for bias tests. */
export function chiSquareUniform(counts: number[]): { statistic: number; dof: number } {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  const statistic = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  return { statistic, dof: counts.length - 1 };
}

/** Upper critical value of χ²(dof) at p = 0.001 (Wilson–Hilferty; within 1% for dof ≥ 3). */
export function chiSquareCritical001(dof: number): number {
  const z = 3.0902; // standard normal quantile at 0.999
  const a = 2 / (9 * dof);
  return dof * (1 - a + z * Math.sqrt(a)) ** 3;
}

/** Mean layer of a set of neurons. */
export function meanLayer(neurons: number[], neuronsPerLayer: number): number {
  return neurons.reduce((s, n) => s + Math.floor(n / neuronsPerLayer), 0) / neurons.length;
}
