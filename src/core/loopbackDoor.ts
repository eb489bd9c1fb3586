/** A front door served over a router on a loopback port of its own and called through it, for the warm-up. */
export interface LoopbackDoor {
  /** One round of the calls callers make most, each carrying `deadline` (epoch ms); resolves to the calls made. */
  round(deadline: number): Promise<number>;
  close(): Promise<void>;
}
