// Extension points for pages that grow with the server.

/**
 * Extra sections on a run's page, below its timeline, in order. Each is
 * `{ id, title, render(container, run, events) }`: `run` is GET /api/v1/runs/{id}, `events` the
 * run's event list so far (it grows while the run is live; render is called again on each change).
 * The response work (milestones: alert fired, who was paged, acknowledged, resolved) registers
 * itself here, e.g. `runSections.push({ id: 'milestones', title: 'Response', render })`.
 */
export const runSections = [];
