// Types of test/reference/options.json (written by scripts/reference/gen_options.py).
import { loadFixture } from '../risk/_reference';

export interface GreekSet {
  price: number;
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  rho: number;
  psi?: number;
}

export interface GridCase {
  call: boolean;
  S: number;
  F: number;
  K: number;
  T: number;
  sigma: number;
  r: number;
  q: number;
  carry: number;
  black76: GreekSet;
  black76Inverse: GreekSet;
  bsm: GreekSet;
  bsmInverse: GreekSet;
}

export interface OptionsFixture {
  textbook: {
    hull156: {
      S: number;
      K: number;
      T: number;
      sigma: number;
      r: number;
      call: number;
      put: number;
      book: { call: number; put: number };
    };
    hullGreeks: {
      S: number;
      K: number;
      T: number;
      sigma: number;
      r: number;
      delta: number;
      gamma: number;
      vega: number;
      theta: number;
      rho: number;
      book: Record<'delta' | 'gamma' | 'vega' | 'theta' | 'rho', number>;
    };
    haugBlack76: {
      F: number;
      K: number;
      T: number;
      sigma: number;
      r: number;
      call: number;
      put: number;
      book: { call: number; put: number };
    };
  };
  grid: GridCase[];
  tails: {
    call: boolean;
    F: number;
    K: number;
    T: number;
    sigma: number;
    r: number;
    price: number;
  }[];
  normal: { x: number[]; cdf: number[] };
  iv: { call: boolean; F: number; K: number; T: number; r: number; price: number; vol: number }[];
  svi: {
    T: number;
    truth: number[];
    k: number[];
    exactVols: number[];
    noisyVols: number[];
    noisyFit: { params: number[]; sse: number };
    vogt: { params: number[]; k: number[]; g: number[]; negativeFrom: number; negativeTo: number };
    clean: { params: number[]; k: number[]; g: number[] };
  };
}

export const optionsFixture = (): OptionsFixture => loadFixture<OptionsFixture>('options.json');
