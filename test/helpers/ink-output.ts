// Ink's own Output (build/output.js, not exported by the package: loaded by its file URL, the module Ink's
// renderer gets) and src/text/fast-output.ts's class built over the same parts, as the bundle builds it.
import { ansiCodesToString, diffAnsiCodes, reduceAnsiCodesIncremental, tokenize } from '@alcalzone/ansi-tokenize';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import { createOutputClass, type OutputClass } from '../../src/text/fast-output.js';

export const INK_OUTPUT_URL = new URL('./output.js', import.meta.resolve('ink')).href;

export const inkOutput = async (): Promise<OutputClass> => ((await import(INK_OUTPUT_URL)) as { default: OutputClass }).default;

export const fastOutput = (): OutputClass =>
  createOutputClass({ tokenize, reduceAnsiCodesIncremental, diffAnsiCodes, ansiCodesToString, sliceAnsi, stringWidth });
