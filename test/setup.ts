import fc from 'fast-check';

// Property tests run from a fixed seed so CI is reproducible; set FC_SEED to explore others
// (a failure prints the seed and path that reproduce it).
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261127) });
