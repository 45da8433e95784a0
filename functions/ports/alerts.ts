/** Tells the operator about something a person should look at (never with personal text). */
export interface OperatorAlerts {
  redFlag(input: { runnerId: string; redFlags: string[] }): Promise<void>;
}
