// Replaced by the local-engine setup (dynalite + aws-ses-v2-local).
export default async function setup(): Promise<void> {}
