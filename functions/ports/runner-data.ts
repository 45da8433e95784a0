/** One record held about a runner, without storage plumbing (keys, index attributes, claims). */
export type HeldRecord = Record<string, unknown> & {
  /** When the record expires by itself (health data, reply marks), ISO; absent when it is kept until deletion. */
  expiresAt?: string;
};

/** Everything the store holds on one runner, for data-rights export and the operator's timeline. */
export interface RunnerRecords {
  /** The profile and programme state as stored (send history included). */
  profile: Record<string, unknown>;
  /** Every check-in, oldest first, with its handling marks. */
  checkins: HeldRecord[];
  /** Every other record, by kind ("EVENT" for operator events, "REPLY" for reply marks, …), in store order. */
  other: (HeldRecord & { record: string })[];
}

/** Something that happened to a runner outside the programme, kept with them (and erased with them). */
export interface RunnerEvent {
  at: string;
  kind: string;
  operator?: string;
  note?: string;
}

/** A runner's data as a whole: read it all, add an event, delete it all (profile last). */
export interface RunnerData {
  /** Undefined when there is no profile. Reads are strongly consistent. */
  records(runnerId: string): Promise<RunnerRecords | undefined>;
  addEvent(runnerId: string, event: RunnerEvent): Promise<void>;
  /** The runner id an address points at, if any (it may point at a profile that is gone). */
  emailOwner(email: string): Promise<string | undefined>;
  /**
   * Deletes everything about the runner (with `email`: its address record and address-derived counters),
   * the profile last, so a failure part-way can be retried. Returns how many records went.
   */
  deleteAll(runnerId: string, email: string | undefined): Promise<number>;
}
