/**
 * Minimum of a function of one variable on [a, b] by Brent's method (golden section steps
 * with parabolic interpolation), after scipy's `fminbound` (`_minimize_scalar_bounded`):
 * stops when the bracket around the minimum is within `xatol` (plus a relative term). A smooth
 * function is found in 10-15 evaluations where golden section alone needs ~30.
 */
export function minimizeBounded(
  f: (x: number) => number,
  a: number,
  b: number,
  xatol = 1e-5,
  maxEvaluations = 500,
): { x: number; fx: number; evaluations: number } {
  if (!(a < b)) throw new RangeError(`minimizeBounded needs a < b, got [${a}, ${b}]`);
  const sqrtEps = Math.sqrt(2.2e-16);
  const golden = 0.5 * (3 - Math.sqrt(5));
  let fulc = a + golden * (b - a);
  let nfc = fulc;
  let xf = fulc;
  let rat = 0;
  let e = 0;
  let fx = f(xf);
  let evaluations = 1;
  let ffulc = fx;
  let fnfc = fx;
  let xm = 0.5 * (a + b);
  let tol1 = sqrtEps * Math.abs(xf) + xatol / 3;
  let tol2 = 2 * tol1;
  while (Math.abs(xf - xm) > tol2 - 0.5 * (b - a)) {
    let golden_step = true;
    if (Math.abs(e) > tol1) {
      // try a parabola through the three best points
      let r = (xf - nfc) * (fx - ffulc);
      let q = (xf - fulc) * (fx - fnfc);
      let p = (xf - fulc) * q - (xf - nfc) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      q = Math.abs(q);
      r = e;
      e = rat;
      if (Math.abs(p) < Math.abs(0.5 * q * r) && p > q * (a - xf) && p < q * (b - xf)) {
        rat = p / q;
        const x = xf + rat;
        golden_step = false;
        if (x - a < tol2 || b - x < tol2) rat = xm - xf >= 0 ? tol1 : -tol1;
      }
    }
    if (golden_step) {
      e = xf >= xm ? a - xf : b - xf;
      rat = golden * e;
    }
    const x = xf + (rat >= 0 ? 1 : -1) * Math.max(Math.abs(rat), tol1);
    const fu = f(x);
    evaluations++;
    if (fu <= fx) {
      if (x >= xf) a = xf;
      else b = xf;
      fulc = nfc;
      ffulc = fnfc;
      nfc = xf;
      fnfc = fx;
      xf = x;
      fx = fu;
    } else {
      if (x < xf) a = x;
      else b = x;
      if (fu <= fnfc || nfc === xf) {
        fulc = nfc;
        ffulc = fnfc;
        nfc = x;
        fnfc = fu;
      } else if (fu <= ffulc || fulc === xf || fulc === nfc) {
        fulc = x;
        ffulc = fu;
      }
    }
    xm = 0.5 * (a + b);
    tol1 = sqrtEps * Math.abs(xf) + xatol / 3;
    tol2 = 2 * tol1;
    if (evaluations >= maxEvaluations) break;
  }
  return { x: xf, fx, evaluations };
}
