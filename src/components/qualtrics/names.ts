// File names the Surveys screens write (the codebook CSV), from the survey's name.
import { responsesFileName } from '../../lib/qualtrics/browse';

/** The survey's name made safe for a file name, without extension. */
export function responsesBaseName(name: string, id: string): string {
  return responsesFileName(name, id).replace(/\.zip$/, '');
}
