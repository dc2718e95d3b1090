// Graduasi dashboard: one region's view from /api/v1/dashboard, refreshed when the live stream (Server-Sent
// Events, read with fetch so that the bearer token travels in a header, never in a URL) says events were applied.
'use strict';

const I18N = {
  id: {
    title: 'Dasbor Graduasi', language: 'Bahasa', offline: 'terputus', online: 'langsung',
    needToken: 'Tempelkan token akses (bearer) Anda untuk membuka dasbor.', open: 'Buka',
    suppressedNote: 'Angka di bawah', suppressedNote2: 'rumah tangga disembunyikan (k-anonimitas).',
    funnel: 'Corong graduasi', programmes: 'Program: kepesertaan dan pembayaran', workers: 'Kerja pendamping',
    realization: 'Realisasi terhadap target dan pagu', poverty: 'Konteks kemiskinan (pengeluaran per kapita)',
    povertyLine: 'Garis kemiskinan (Rp)', householdsObserved: 'KPM diamati', belowLine: 'Di bawah garis',
    aboveLine: 'Di atas garis', year: 'Tahun anggaran', fundingSource: 'Sumber dana',
    targetHouseholds: 'Target KPM', householdsPercent: '% target', budget: 'Pagu (Rp)', budgetPercent: '% pagu',
    monthly: 'Graduasi per bulan', csv: 'Unduh CSV', regionData: 'nama wilayah: idn-area-data (ODbL)',
    national: 'Nasional', granted: 'Wilayah Anda', total: 'Jumlah',
    code: 'Kode', name: 'Wilayah', registered: 'Terdaftar', verified: 'Terverifikasi', enrolled: 'Ikut program',
    assessed: 'Dinilai', proposed: 'Diusulkan', graduated: 'Graduasi', relapsed: 'Kembali miskin',
    relapseSuspected: 'Dugaan kembali miskin', workersCol: 'Pendamping', cases: 'Kasus aktif',
    householdsInCases: 'KPM didampingi', caseload: 'Beban kasus rata-rata', visits: 'Kunjungan',
    householdsVisited: 'KPM dikunjungi', visitsLast30Days: 'Kunjungan 30 hari', programme: 'Program',
    enrollments: 'Kepesertaan', activeEnrollments: 'Kepesertaan aktif', householdsEnrolled: 'KPM peserta',
    payments: 'Pembayaran', householdsPaid: 'KPM dibayar', disbursedRupiah: 'Tersalurkan (Rp)', month: 'Bulan',
    lag: 'Ketertinggalan', messages: 'pesan', caughtUp: 'mutakhir', lastApplied: 'peristiwa terakhir diterapkan',
    measured: 'diukur', never: 'belum ada', updated: 'diperbarui', drill: 'klik baris untuk merinci'
  },
  en: {
    title: 'Graduasi Dashboard', language: 'Language', offline: 'offline', online: 'live',
    needToken: 'Paste your access (bearer) token to open the dashboard.', open: 'Open',
    suppressedNote: 'Figures below', suppressedNote2: 'households are suppressed (k-anonymity).',
    funnel: 'Graduation funnel', programmes: 'Programmes: enrollments and payments', workers: 'Pendamping work',
    realization: 'Realization against target and budget', poverty: 'Poverty context (expenditure per capita)',
    povertyLine: 'Poverty line (Rp)', householdsObserved: 'Households observed', belowLine: 'Below the line',
    aboveLine: 'Above the line', year: 'Budget year', fundingSource: 'Funding source',
    targetHouseholds: 'Target households', householdsPercent: '% of target', budget: 'Budget (Rp)',
    budgetPercent: '% of budget',
    monthly: 'Graduations per month', csv: 'Download CSV', regionData: 'region names: idn-area-data (ODbL)',
    national: 'National', granted: 'Your regions', total: 'Total',
    code: 'Code', name: 'Region', registered: 'Registered', verified: 'Verified', enrolled: 'Enrolled',
    assessed: 'Assessed', proposed: 'Proposed', graduated: 'Graduated', relapsed: 'Relapsed',
    relapseSuspected: 'Relapse suspected', workersCol: 'Social workers', cases: 'Open cases',
    householdsInCases: 'Households in cases', caseload: 'Average caseload', visits: 'Visits',
    householdsVisited: 'Households visited', visitsLast30Days: 'Visits (30 days)', programme: 'Programme',
    enrollments: 'Enrollments', activeEnrollments: 'Active enrollments', householdsEnrolled: 'Households enrolled',
    payments: 'Payments', householdsPaid: 'Households paid', disbursedRupiah: 'Disbursed (Rp)', month: 'Month',
    lag: 'Lag', messages: 'messages', caughtUp: 'up to date', lastApplied: 'last event applied',
    measured: 'measured', never: 'none yet', updated: 'updated', drill: 'click a row to drill down'
  }
};
const FUNNEL = ['registered', 'verified', 'enrolled', 'assessed', 'proposed', 'graduated', 'relapsed'];

const state = { token: null, region: '', lang: 'id', view: null, charts: {}, refreshing: false, again: false };

function t(key) { return (I18N[state.lang] || I18N.id)[key] || key; }
function label(col) { return col === 'workers' ? t('workersCol') : t(col); }

function fmt(value, k) {
  if (value === undefined) { return { text: '—', suppressed: false }; } // does not apply (e.g. no allocation)
  if (value === null) { return { text: '< ' + k, suppressed: true }; }
  return { text: Number(value).toLocaleString(state.lang === 'en' ? 'en-US' : 'id-ID'), suppressed: false };
}

async function api(path) {
  const res = await fetch(path, { headers: { Authorization: 'Bearer ' + state.token } });
  if (!res.ok) {
    let detail = res.status + ' ' + res.statusText;
    try { const p = await res.json(); detail = p.status + ' ' + p.title + (p.detail ? ': ' + p.detail : ''); } catch (e) { /* not JSON */ }
    const err = new Error(detail); err.status = res.status; throw err;
  }
  return res;
}

async function refresh() {
  if (state.refreshing) { state.again = true; return; }
  state.refreshing = true;
  try {
    const q = state.region ? '?region=' + encodeURIComponent(state.region) : '';
    state.view = await (await api('/api/v1/dashboard' + q)).json();
    document.getElementById('error').hidden = true;
    render();
  } catch (e) {
    const el = document.getElementById('error'); el.textContent = e.message; el.hidden = false;
    if (e.status === 401) { showLogin(); }
  } finally {
    state.refreshing = false;
    if (state.again) { state.again = false; refresh(); }
  }
}

function render() {
  const v = state.view; if (!v) { return; }
  document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
  document.documentElement.lang = state.lang;
  document.getElementById('k').textContent = v.kAnonymity;
  renderBreadcrumbs(v);
  renderStatus(v.status);
  const drill = v.rowsLevel !== 'district' || v.rowsLevel === 'granted';
  table('funnel-table', ['code', 'name'].concat(v.funnel.columns), v.funnel.rows, v.funnel.total, v.kAnonymity, drill);
  table('workers-table', ['code', 'name'].concat(v.workers.columns), v.workers.rows, v.workers.total, v.kAnonymity, drill);
  table('programmes-table', ['programme'].concat(v.programmes.columns), v.programmes.rows, null, v.kAnonymity, false);
  const realization = v.realization.rows.map(r => Object.assign({ label: r.programme + ' ' + r.year, code: r.programme + '/' + r.year }, r));
  table('realization-table', ['programme'].concat(v.realization.columns), realization, null, v.kAnonymity, false);
  table('poverty-table', ['month'].concat(v.poverty.columns), v.poverty.rows, null, v.kAnonymity, false);
  chart('poverty-chart', 'line', v.poverty.rows.map(m => m.month),
    [{ label: t('belowLine'), data: v.poverty.rows.map(m => m.belowLine), borderColor: '#b71c1c' },
     { label: t('aboveLine'), data: v.poverty.rows.map(m => m.aboveLine), borderColor: '#38761d' }]);
  table('graduations-table', ['month', 'graduated', 'relapsed'], v.graduationsByMonth, null, v.kAnonymity, false);
  chart('funnel-chart', 'bar', FUNNEL.map(label), [{ label: t('total'), data: FUNNEL.map(c => v.funnel.total[c]), backgroundColor: '#0b5394' }]);
  chart('programmes-chart', 'bar', v.programmes.rows.map(r => r.programme),
    [{ label: t('disbursedRupiah'), data: v.programmes.rows.map(r => r.disbursedRupiah), backgroundColor: '#38761d', yAxisID: 'y' },
     { label: t('enrollments'), data: v.programmes.rows.map(r => r.enrollments), backgroundColor: '#e69138', yAxisID: 'y1' }],
    { y: { position: 'left' }, y1: { position: 'right', grid: { drawOnChartArea: false } } });
  const measured = realization.filter(r => r.targetHouseholds !== undefined);
  chart('realization-chart', 'bar', measured.map(r => r.label),
    [{ label: t('householdsPercent'), data: measured.map(r => r.householdsPercent), backgroundColor: '#0b5394' },
     { label: t('budgetPercent'), data: measured.map(r => r.budgetPercent), backgroundColor: '#38761d' }],
    { y: { beginAtZero: true, suggestedMax: 100 } });
  chart('monthly-chart', 'line', v.graduationsByMonth.map(m => m.month),
    [{ label: t('graduated'), data: v.graduationsByMonth.map(m => m.graduated), borderColor: '#0b5394' },
     { label: t('relapsed'), data: v.graduationsByMonth.map(m => m.relapsed), borderColor: '#b71c1c' }]);
  document.body.dataset.version = String((Number(document.body.dataset.version) || 0) + 1);
}

function renderBreadcrumbs(v) {
  const nav = document.getElementById('breadcrumbs'); nav.innerHTML = '';
  const top = document.createElement('a'); top.textContent = v.rowsLevel === 'granted' || (!v.region.code && v.rowsLevel !== 'province') ? t('granted') : t('national');
  top.onclick = () => go(''); nav.appendChild(top);
  (v.path || []).forEach(p => {
    nav.appendChild(document.createTextNode('› '));
    const a = document.createElement('a'); a.textContent = p.name + ' (' + p.code + ')'; a.onclick = () => go(p.code);
    nav.appendChild(a);
  });
}

function renderStatus(s) {
  if (!s) { return; }
  const parts = [];
  parts.push(t('lag') + ': ' + (s.lagMessages === null || s.lagMessages === undefined ? '?' : s.lagMessages + ' ' + t('messages'))
    + (s.caughtUp ? ' (' + t('caughtUp') + ')' : ''));
  parts.push(t('lastApplied') + ': ' + (s.lastEventAppliedAt ? new Date(s.lastEventAppliedAt).toLocaleString(state.lang === 'en' ? 'en-GB' : 'id-ID') : t('never')));
  if (s.measuredAt) { parts.push(t('measured') + ': ' + new Date(s.measuredAt).toLocaleTimeString(state.lang === 'en' ? 'en-GB' : 'id-ID')); }
  const el = document.getElementById('status'); el.textContent = parts.join(' · ');
  el.dataset.lag = s.lagMessages === null || s.lagMessages === undefined ? '' : String(s.lagMessages);
}

function table(id, cols, rows, total, k, drill) {
  const el = document.getElementById(id); el.innerHTML = '';
  const head = el.insertRow(); cols.forEach(c => { const th = document.createElement('th'); th.textContent = label(c); head.appendChild(th); });
  const add = (row, cls) => {
    const tr = el.insertRow(); if (cls) { tr.className = cls; }
    if (row.code) { tr.dataset.code = row.code; }
    if (drill && row.code && cls !== 'total' && row.code.length < 8) { tr.dataset.drill = row.code; tr.title = t('drill'); tr.onclick = () => go(row.code); }
    cols.forEach(c => {
      const td = tr.insertCell(); td.dataset.col = c;
      if (c === 'code' || c === 'name' || c === 'programme' || c === 'month' || c === 'year' || c === 'fundingSource') { td.textContent = row[c] === undefined ? '' : row[c]; return; }
      const f = fmt(row[c], k); td.textContent = f.text; if (f.suppressed) { td.className = 'suppressed'; }
    });
  };
  rows.forEach(r => add(r));
  if (total) { add(Object.assign({ code: '', name: t('total') }, total), 'total'); }
}

function chart(id, type, labels, datasets, scales) {
  if (typeof Chart === 'undefined') { return; }
  const existing = state.charts[id];
  if (existing) {
    existing.data.labels = labels; existing.data.datasets = datasets; existing.update('none'); return;
  }
  state.charts[id] = new Chart(document.getElementById(id), {
    type, data: { labels, datasets },
    options: { responsive: true, maintainAspectRatio: false, animation: false, scales: scales || { y: { beginAtZero: true } } }
  });
}

function go(region) {
  state.region = region;
  history.replaceState(null, '', '?region=' + encodeURIComponent(region) + location.hash);
  refresh();
}

async function download(tableName) {
  const q = '?lang=' + state.lang + (state.region ? '&region=' + encodeURIComponent(state.region) : '');
  try {
    const blob = await (await api('/api/v1/dashboard/' + tableName + '.csv' + q)).blob();
    const a = document.createElement('a'); a.href = URL.createObjectURL(blob);
    a.download = 'graduasi-' + tableName + '-' + (state.region || 'all') + '.csv'; a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  } catch (e) { const el = document.getElementById('error'); el.textContent = e.message; el.hidden = false; }
}

async function live() {
  const badge = document.getElementById('live');
  try {
    const res = await api('/api/v1/dashboard/stream');
    badge.className = 'live on'; badge.dataset.i18n = 'online'; badge.textContent = t('online');
    const reader = res.body.getReader(); const decoder = new TextDecoder(); let buffer = '';
    for (;;) {
      const { value, done } = await reader.read(); if (done) { break; }
      buffer += decoder.decode(value, { stream: true }).replace(/\r/g, '');
      let at;
      while ((at = buffer.indexOf('\n\n')) >= 0) {
        const chunk = buffer.slice(0, at); buffer = buffer.slice(at + 2);
        const data = chunk.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5)).join('\n');
        if (!data) { continue; }
        const update = JSON.parse(data);
        if (update.changed) { refresh(); } else if (state.view) { state.view.status = update.status; renderStatus(update.status); }
      }
    }
  } catch (e) { /* reconnect below */ }
  badge.className = 'live off'; badge.dataset.i18n = 'offline'; badge.textContent = t('offline');
  setTimeout(live, 2000);
}

function showLogin() {
  document.getElementById('login').hidden = false; document.getElementById('main').hidden = true;
}

function start() {
  document.getElementById('login').hidden = true; document.getElementById('main').hidden = false;
  refresh(); live();
}

window.addEventListener('DOMContentLoaded', () => {
  const params = new URLSearchParams(location.search);
  const hash = new URLSearchParams(location.hash.slice(1));
  state.lang = params.get('lang') || localStorage.getItem('graduasi.lang') || 'id';
  state.region = params.get('region') || '';
  // The token may come in the URL fragment (never sent to the server, so never in its logs); it is kept for the
  // tab only and removed from the address bar.
  if (hash.get('token')) { sessionStorage.setItem('graduasi.token', hash.get('token')); history.replaceState(null, '', location.pathname + location.search); }
  state.token = sessionStorage.getItem('graduasi.token');
  const lang = document.getElementById('lang'); lang.value = state.lang;
  lang.onchange = () => { state.lang = lang.value; localStorage.setItem('graduasi.lang', state.lang); render(); };
  document.querySelectorAll('button.csv').forEach(b => { b.onclick = () => download(b.dataset.table); });
  document.getElementById('token-save').onclick = () => {
    state.token = document.getElementById('token-input').value.trim();
    sessionStorage.setItem('graduasi.token', state.token); start();
  };
  if (state.token) { start(); } else { showLogin(); }
});
