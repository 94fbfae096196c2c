import type { FileKind, LayoutDraft } from '../table/types';
import { detectCurrentExport } from './detect-current';
import { detectLegacyExport } from './detect-legacy';
import { detectTaggedExport } from './detect-tagged';
import type { Head } from './head-cells';
import { markLoops } from './loop';

/**
 * Recognises any Qualtrics response export from its first records; null when it is not one.
 * Order matters: the ImportId row is the strongest sign, then legacy V1…, then tags alone.
 */
export function detectQualtricsLayout(head: Head, kind: FileKind): LayoutDraft | null {
  const draft =
    detectCurrentExport(head, kind) ?? detectLegacyExport(head) ?? detectTaggedExport(head, kind);
  // Loop & merge iterations are recognised the same way in every layout.
  return draft && { ...draft, columns: markLoops(draft.columns) };
}
