// One recorded sample of a kill's victim, as an incident bundle keeps it and `explain --json` prints it
// (`history`). Its own file, free of imports, so that the incidents' types can name it without a cycle.

export interface VictimPoint {
  wallTime: string;
  rssKb: number | null;
  swapKb: number | null;
  oomScore: number | null;
  rank: number | null;
}
