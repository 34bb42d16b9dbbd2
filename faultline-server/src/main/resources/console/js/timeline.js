// A run's timeline from its events (the SSE data lines): activities as bars, pauses as light bars,
// faults as spans, probe values as charts, all on one time axis (offset_ms from the run's start).
import { h } from './ui.js';

export class TimelineModel {
  constructor() {
    this.count = 0;
    this.activities = [];
    this.pauses = [];
    this.faults = [];
    this.probes = new Map();
    this.markers = [];
    this.lastMs = 0;
    this.lastSeenAt = performance.now();
    this.ended = false;
  }

  /** Adds one event ({event, subject, offset_ms, attributes}). */
  add(e) {
    this.count++;
    const t = Number(e.offset_ms) || 0;
    const a = e.attributes || {};
    this.lastMs = Math.max(this.lastMs, t);
    this.lastSeenAt = performance.now();
    const open = (list, match) => { for (let i = list.length - 1; i >= 0; i--) if (list[i].end === null && match(list[i])) return list[i]; return null; };
    switch (e.event) {
      case 'activity_started':
        this.activities.push({ name: e.subject, phase: a.phase, type: a.type, start: t, end: null, status: null });
        break;
      case 'activity_ended': {
        const x = open(this.activities, (v) => v.name === e.subject);
        if (x) { x.end = t; x.status = a.status; x.error = a.error; }
        break;
      }
      case 'pause_started':
        this.pauses.push({ name: e.subject, start: t, end: null });
        break;
      case 'pause_ended': {
        const x = open(this.pauses, (v) => v.name === e.subject);
        if (x) x.end = t;
        break;
      }
      case 'fault_applied':
        this.faults.push({ label: e.subject, fault: a.fault, start: t, end: null });
        break;
      case 'fault_recovered': {
        const x = open(this.faults, (v) => v.fault === a.applied) || open(this.faults, (v) => v.label === e.subject);
        if (x) { x.end = t; x.reason = a.reason; x.error = a.error; }
        break;
      }
      case 'probe_value':
        if (typeof a.numeric === 'number') {
          if (!this.probes.has(e.subject)) this.probes.set(e.subject, []);
          this.probes.get(e.subject).push({ t, v: a.numeric, met: a.tolerance_met });
        }
        break;
      case 'safeguard_triggered': case 'interrupted':
        this.markers.push({ t, label: e.event === 'interrupted' ? '⚠ interrupted' : '⚠ safeguard' });
        break;
      case 'run_ended':
        this.ended = true;
        break;
      default:
    }
  }

  /** The time axis' end: the last event, or "now" while the run is live. */
  endMs(live) {
    return live && !this.ended ? this.lastMs + (performance.now() - this.lastSeenAt) : this.lastMs;
  }
}

const W = 1000;
const LEFT = 190;
const ROW = 22;

/** The SVG of a model; `live` extends open bars to now. */
export function renderTimeline(model, live) {
  const end = Math.max(model.endMs(live), 1000);
  const x = (t) => LEFT + (Math.min(t, end) / end) * (W - LEFT - 10);
  const rows = [];
  let y = 30;
  const parts = [];
  // axis
  const step = niceStep(end / 8);
  for (let t = 0; t <= end; t += step) {
    parts.push(h('svg:line', { class: 'grid-line', x1: x(t), x2: x(t), y1: 18, y2: '100%' }),
      h('svg:text', { x: x(t), y: 12, 'text-anchor': 'middle', class: 'label' }, fmtTick(t, step)));
  }
  const lane = (label, title) => {
    parts.push(h('svg:text', { x: 4, y: y + 15, class: 'label' }, h('svg:title', {}, title || label), clip(label, 30)));
    rows.push(y);
    const top = y;
    y += ROW + 4;
    return top;
  };
  for (const f of model.faults) {
    const top = lane('⚡ ' + f.label, f.fault);
    parts.push(h('svg:rect', { class: 'tl-fault' + (f.end === null ? ' open' : ''), x: x(f.start), y: top,
      width: Math.max(2, x(f.end === null ? end : f.end) - x(f.start)), height: ROW, rx: 3 },
    h('svg:title', {}, `fault ${f.fault}: ${fmtSeconds(f.start)}–${f.end === null ? 'now (in effect)' : fmtSeconds(f.end)}`)));
    parts.push(h('svg:text', { x: x(f.start) + 4, y: top + 15, class: 'label' }, f.end === null ? 'fault in effect' : 'fault'));
  }
  // One lane per activity (a probe repeated under one name shares its lane), its pauses lighter after it.
  const lanes = new Map();
  for (const a of model.activities) {
    const key = `${a.phase}:${a.name}`;
    if (!lanes.has(key)) lanes.set(key, { name: a.name, phase: a.phase, type: a.type, runs: [], pauses: [] });
    lanes.get(key).runs.push(a);
  }
  for (const p of model.pauses) {
    const owner = [...lanes.values()].reverse().find((l) => l.name === p.name);
    if (owner) owner.pauses.push(p);
  }
  for (const l of [...lanes.values()].slice(-40)) {
    const top = lane(l.name, `${l.phase} ${l.type}: ${l.name} (${l.runs.length} run${l.runs.length === 1 ? '' : 's'})`);
    for (const p of l.pauses) {
      const stop = p.end === null ? end : p.end;
      parts.push(h('svg:rect', { class: 'tl-pause', x: x(p.start), y: top + 7, width: Math.max(1, x(stop) - x(p.start)),
        height: ROW - 14 }, h('svg:title', {}, `pause after ${p.name}: ${fmtSeconds(p.start)}–${p.end === null ? 'now' : fmtSeconds(p.end)}`)));
    }
    for (const a of l.runs) {
      const stop = a.end === null ? end : a.end;
      const cls = `tl-activity phase-${a.phase}` + (a.status === 'failed' ? ' failed' : '') + (a.end === null ? ' open' : '');
      parts.push(h('svg:rect', { class: cls, x: x(a.start), y: top + 3, width: Math.max(3, x(stop) - x(a.start)),
        height: ROW - 6, rx: 2 }, h('svg:title', {}, `${a.phase} ${a.type} ${a.name}: ${a.status || 'running'}, `
        + `${fmtSeconds(a.start)}–${a.end === null ? 'now' : fmtSeconds(a.end)}${a.error ? ' — ' + a.error : ''}`)));
      if (a.status === 'failed') parts.push(h('svg:text', { x: x(stop) + 3, y: top + 15, class: 'label' }, '✗ failed'));
    }
  }
  // probe charts
  for (const [name, points] of model.probes) {
    const top = y + 6;
    const height = 70;
    const min = Math.min(...points.map((p) => p.v));
    const max = Math.max(...points.map((p) => p.v));
    const yv = (v) => top + height - 6 - (max === min ? 0.5 : (v - min) / (max - min)) * (height - 12);
    parts.push(h('svg:text', { x: 4, y: top + 14, class: 'label' }, h('svg:title', {}, name), 'chart: ' + clip(name, 22)),
      h('svg:text', { x: 4, y: top + 30, class: 'label' }, `${fmtNum(min)} – ${fmtNum(max)}`),
      h('svg:rect', { x: LEFT, y: top, width: W - LEFT - 10, height, fill: '#f6f8fa', stroke: '#d0d7de' }),
      h('svg:polyline', { class: 'tl-line', points: points.map((p) => `${x(p.t)},${yv(p.v)}`).join(' ') }));
    for (const p of points) {
      parts.push(h('svg:circle', { class: 'tl-point' + (p.met === false ? ' out' : ''), cx: x(p.t), cy: yv(p.v), r: 3.5 },
        h('svg:title', {}, `${name} = ${p.v} at ${fmtSeconds(p.t)}${p.met === false ? ' (out of tolerance)' : p.met ? ' (within tolerance)' : ''}`)));
    }
    y = top + height + 6;
  }
  for (const m of model.markers) {
    parts.push(h('svg:line', { class: 'tl-marker', x1: x(m.t), x2: x(m.t), y1: 18, y2: y }),
      h('svg:text', { x: x(m.t) + 3, y: y - 4, class: 'label' }, m.label));
  }
  const total = Math.max(y + 8, 60);
  return h('svg:svg', { viewBox: `0 0 ${W} ${total}`, role: 'img', 'aria-label':
      `Timeline: ${model.activities.length} activities, ${model.faults.length} faults, ${model.probes.size} charted probes over ${fmtSeconds(end)}` },
  parts);
}

export function legend() {
  const item = (cls, text) => h('li', {}, h('span', { class: 'key ' + cls, 'aria-hidden': 'true' }), text);
  return h('ul', { class: 'legend' }, item('key-probe', 'hypothesis probe'), item('key-method', 'method activity'),
    item('key-rollback', 'rollback'), item('key-failed', 'failed (also marked ✗)'), item('key-fault', 'fault in effect (dashed: still in effect)'),
    item('key-pause', 'pause'), h('li', {}, 'chart: probe values (● within, red ● out of tolerance)'));
}

function fmtTick(t, step) {
  if (step < 1000) return `${(t / 1000).toFixed(2)} s`;
  return fmtSeconds(t);
}

function niceStep(raw) {
  const steps = [250, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000, 1800000, 3600000];
  return steps.find((s) => s >= raw) || 3600000;
}

export function fmtSeconds(ms) {
  if (ms < 60000) return (ms / 1000).toFixed(ms < 10000 ? 1 : 0) + ' s';
  return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
}

function fmtNum(v) {
  return Math.abs(v) >= 1000 || Number.isInteger(v) ? String(Math.round(v)) : v.toFixed(2);
}

function clip(s, n) {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
