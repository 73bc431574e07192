// The trustees' dashboard (issue 19, part 3). Read-only: it calls the JSON API with the key in the X-Api-Key header.
// The key lives in this tab's sessionStorage only: never in a URL, a cookie or a log. Every text from the server is
// set with textContent, never parsed as HTML.
(function () {
  'use strict';

  var KEY_ITEM = 'communityfund.trustees.key';
  var LANGUAGE_ITEM = 'communityfund.trustees.language';

  var TEXT = {
    zh: {
      title: '理事看板', keyLabel: 'API 密钥（理事或枢纽管理员）', open: '查看', forget: '清除密钥',
      keyHint: '密钥只保存在本标签页（sessionStorage），不进入网址、Cookie 或日志；关闭标签页即清除。',
      auditTitle: '审计发现', sound: '账簿是否健全', journalsChecked: '已检查凭证', head: '链头序号', noFindings: '没有发现问题。',
      severity: '级别', code: '代码', message: '说明', entity: '主体', sequence: '序号',
      fairnessTitle: '分配公平性（按服务方）', provider: '服务方', policy: '分配规则', party: '分配对象', basisPoints: '比例（基点）',
      paid: '实付', exact: '精确应得', drift: '偏差', withinOneFen: '一分以内',
      reconciliationTitle: '往来对账（应付枢纽 / 应收服务方）', counterparty: '对方', providerOwes: '服务方账上应付', counterpartyClaims: '对方账上应收', agrees: '一致',
      receivablesTitle: '社区基金应收款（账龄）', asOf: '截至', days0To30: '0–30 天', days31To90: '31–90 天', over90Days: '90 天以上',
      unappliedCredit: '未冲抵预付', payableInBooks: '服务方账上应付', outstanding: '未收合计', total: '合计',
      checkpointTitle: '检查点核验', chainIntact: '哈希链完整', balancesRebuilt: '余额与凭证重算一致', hash: '链头哈希', signedAt: '签名时间',
      keyId: '签名密钥', publishedVerified: '已公示月份链头仍被延续', keepCheckpoint: '下载当前签名检查点',
      keptLabel: '粘贴以前保存的签名检查点（JSON），核验账簿是否仍延续它：', verify: '核验',
      exportsTitle: '导出', exportCsv: '全部凭证行（CSV）', exportHledger: 'hledger 日记账', exportBeancount: 'Beancount 账本', exportReceivables: '基金应收款（CSV）',
      yes: '是', no: '否', error: '错误', warning: '警告', info: '提示',
      providerParty: '服务方', hubParty: '枢纽', communityFundParty: '社区基金',
      loading: '正在读取……', loaded: '已读取。', noKey: '请先输入密钥。',
      unauthorized: '密钥无效或已撤销（401）。请检查后重试。', forbidden: '此密钥无权查看理事看板（需要理事或枢纽管理员密钥）。',
      notFound: '找不到这个账簿，或此密钥不属于它。', failed: '请求失败：', network: '无法连接服务器。',
      none: '无', ofVerified: ' 个，已核验 ', published: '已公示月份 ',
      keptVerified: '核验通过：账簿仍延续这个检查点。', keptFailed: '核验未通过：', keptBad: '不是有效的检查点 JSON。',
      downloading: '正在下载……', downloaded: '已下载：', forgotten: '密钥已从本标签页清除。'
    },
    en: {
      title: "Trustees' dashboard", keyLabel: 'API key (trustee or hub administrator)', open: 'Open', forget: 'Forget key',
      keyHint: "The key is kept in this tab's sessionStorage only — never in a URL, a cookie or a log; closing the tab clears it.",
      auditTitle: "The audit's findings", sound: 'Books sound', journalsChecked: 'Journals checked', head: 'Chain head (sequence)', noFindings: 'No findings.',
      severity: 'Severity', code: 'Code', message: 'Message', entity: 'Entity', sequence: 'Sequence',
      fairnessTitle: 'Fairness per provider', provider: 'Provider', policy: 'Policy', party: 'Party', basisPoints: 'Basis points',
      paid: 'Paid', exact: 'Exact', drift: 'Drift', withinOneFen: 'Within 1 fen',
      reconciliationTitle: 'Due-to / due-from reconciliation', counterparty: 'Counterparty', providerOwes: "Provider's payable", counterpartyClaims: "Counterparty's receivable", agrees: 'Agrees',
      receivablesTitle: "The fund's receivables, aged", asOf: 'As of', days0To30: '0–30 days', days31To90: '31–90 days', over90Days: 'Over 90 days',
      unappliedCredit: 'Unapplied credit', payableInBooks: "Payable in provider's books", outstanding: 'Outstanding', total: 'Total',
      checkpointTitle: 'Checkpoint verification', chainIntact: 'Hash chain intact', balancesRebuilt: 'Balances rebuilt from journals agree', hash: 'Chain head (hash)', signedAt: 'Signed at',
      keyId: 'Signing key', publishedVerified: "Published months' heads still extended", keepCheckpoint: 'Download the signed checkpoint',
      keptLabel: 'Paste a signed checkpoint you kept (JSON) to check the books still extend it:', verify: 'Verify',
      exportsTitle: 'Exports', exportCsv: 'Every journal line (CSV)', exportHledger: 'hledger journal', exportBeancount: 'Beancount ledger', exportReceivables: "Fund's receivables (CSV)",
      yes: 'yes', no: 'no', error: 'error', warning: 'warning', info: 'info',
      providerParty: 'provider', hubParty: 'hub', communityFundParty: 'community fund',
      loading: 'Loading…', loaded: 'Loaded.', noKey: 'Type a key first.',
      unauthorized: 'The key is unknown or revoked (401). Check it and try again.', forbidden: "This key cannot read the trustees' dashboard (a trustee or hub administrator key is needed).",
      notFound: 'No such ledger, or the key is not one of its keys.', failed: 'The request failed: ', network: 'The server cannot be reached.',
      none: 'none', ofVerified: ', verified ', published: 'Published months ',
      keptVerified: 'Verified: the books still extend this checkpoint.', keptFailed: 'Not verified: ', keptBad: 'Not a checkpoint in JSON.',
      downloading: 'Downloading…', downloaded: 'Downloaded: ', forgotten: 'The key is cleared from this tab.'
    }
  };

  var language = sessionStorage.getItem(LANGUAGE_ITEM) === 'en' ? 'en' : 'zh';
  var ledger = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
  var rendered = null;

  function t(name) { return TEXT[language][name] || name; }
  function $(id) { return document.getElementById(id); }
  function apiUrl(path) { return '../ledgers/' + encodeURIComponent(ledger) + '/' + path; }
  function money(value) { return value ? value.amount + ' ' + value.currency : ''; }
  function yesNo(value) { return value ? t('yes') : t('no'); }

  function cell(row, text, className) {
    var td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '' : String(text);
    if (className) { td.className = className; }
    row.appendChild(td);
    return td;
  }

  function clear(element) { while (element.firstChild) { element.removeChild(element.firstChild); } }

  function tableBody(id) { var body = $(id).tBodies[0]; clear(body); return body; }

  function applyLanguage() {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title') + ' · CommunityFund';
    var labelled = document.querySelectorAll('[data-t]');
    for (var i = 0; i < labelled.length; i++) { labelled[i].textContent = t(labelled[i].getAttribute('data-t')); }
    var switcher = $('language');
    switcher.textContent = language === 'zh' ? 'English' : '中文';
    switcher.lang = language === 'zh' ? 'en' : 'zh-CN';
    if (rendered) { render(rendered); }
    status(statusKey);
  }

  function showError(text) {
    var error = $('error');
    error.textContent = text;
    error.hidden = !text;
  }

  var statusKey = '';

  // The status line by its text's name, so that the language switch relabels it.
  function status(name) { statusKey = name; $('status').textContent = name ? t(name) : ''; }

  function problemText(response, body) {
    if (response.status === 401) { return t('unauthorized'); }
    if (response.status === 403) { return t('forbidden'); }
    if (response.status === 404) { return t('notFound'); }
    var detail = body && (body.detail || body.title);
    return t('failed') + response.status + (detail ? ' — ' + detail : '');
  }

  function call(path, options) {
    var key = sessionStorage.getItem(KEY_ITEM);
    var init = { method: 'GET', headers: { 'X-Api-Key': key || '', 'Accept': 'application/json' }, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' };
    if (options && options.body !== undefined) {
      init.method = 'POST';
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    return fetch(apiUrl(path), init).then(function (response) {
      if (options && options.blob && response.ok) { return response.blob(); }
      return response.text().then(function (text) {
        var body = null;
        try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
        if (!response.ok) { var failure = new Error(problemText(response, body)); failure.status = response.status; throw failure; }
        return body;
      });
    }, function () { throw new Error(t('network')); });
  }

  function load() {
    if (!sessionStorage.getItem(KEY_ITEM)) { showError(t('noKey')); return; }
    showError('');
    status('loading');
    $('dashboard').removeAttribute('data-state');
    Promise.all([
      call('audit'), call('reports/fairness'), call('reports/reconciliation'), call('reports/fund-receivables'),
      call('verification'), call('checkpoint'), call('publications')
    ]).then(function (all) {
      var data = { audit: all[0], fairness: all[1], reconciliation: all[2], receivables: all[3], verification: all[4], checkpoint: all[5], publications: all[6], publicationsVerified: null };
      rendered = data;
      render(data);
      $('dashboard').hidden = false;
      status('loaded');
      return verifyPublications(data);
    }).then(function () {
      // Everything is shown (tests and screenshots wait for this).
      $('dashboard').setAttribute('data-state', 'ready');
    }).catch(function (failure) {
      // A key the server does not know is not kept.
      if (failure.status === 401) { sessionStorage.removeItem(KEY_ITEM); }
      rendered = null;
      $('dashboard').hidden = true;
      status('');
      showError(failure.message);
    });
  }

  function verifyPublications(data) {
    var heads = (data.publications || []).map(function (p) { return { sequence: p.sequence, hash: p.hash }; });
    if (heads.length === 0) { return null; }
    return call('audit', { body: { checkpoints: heads } }).then(function (report) {
      data.publicationsVerified = { count: heads.length, verified: report.checkpointsVerified };
      renderPublications(data);
    });
  }

  function render(data) {
    renderAudit(data.audit);
    renderFairness(data.fairness);
    renderReconciliation(data.reconciliation);
    renderReceivables(data.receivables);
    renderCheckpoint(data.verification, data.checkpoint);
    renderPublications(data);
  }

  function renderAudit(audit) {
    $('audit-sound').textContent = yesNo(audit.isSound);
    $('audit-journals').textContent = String(audit.journalsChecked);
    $('audit-head').textContent = String(audit.head.sequence);
    var body = tableBody('audit-findings');
    audit.findings.forEach(function (finding) {
      var row = body.insertRow();
      row.className = 'severity-' + finding.severity;
      cell(row, t(finding.severity)).setAttribute('data-value', finding.severity);
      cell(row, finding.code, 'mono');
      cell(row, finding.message);
      cell(row, finding.entity);
      cell(row, finding.sequence);
    });
    $('audit-none').hidden = audit.findings.length > 0;
    $('audit-findings').hidden = audit.findings.length === 0;
  }

  function renderFairness(reports) {
    var body = tableBody('fairness-table');
    reports.forEach(function (report) {
      report.lines.forEach(function (line) {
        var row = body.insertRow();
        cell(row, report.provider);
        cell(row, report.policyReference);
        cell(row, t(line.party + 'Party')).setAttribute('data-value', line.party);
        cell(row, line.basisPoints, 'number');
        cell(row, money(line.paid), 'number');
        cell(row, line.exact, 'number');
        cell(row, line.drift, 'number');
        cell(row, yesNo(line.withinOneFen)).setAttribute('data-value', String(line.withinOneFen));
        if (!line.withinOneFen) { row.className = 'bad'; }
      });
    });
  }

  function renderReconciliation(lines) {
    var body = tableBody('reconciliation-table');
    lines.forEach(function (line) {
      var row = body.insertRow();
      cell(row, line.provider);
      cell(row, line.counterparty);
      cell(row, money(line.providerOwes), 'number');
      cell(row, money(line.counterpartyClaims), 'number');
      cell(row, yesNo(line.agrees)).setAttribute('data-value', String(line.agrees));
      if (!line.agrees) { row.className = 'bad'; }
    });
  }

  function renderReceivables(report) {
    $('receivables-as-of').textContent = report.asOf;
    var body = tableBody('receivables-table');
    report.totals.forEach(function (total) {
      var row = body.insertRow();
      cell(row, total.provider);
      [total.days0To30, total.days31To90, total.over90Days, total.unappliedCredit, total.payableInBooks, total.outstanding]
        .forEach(function (value) { cell(row, money(value), 'number'); });
      cell(row, yesNo(total.agrees)).setAttribute('data-value', String(total.agrees));
      if (!total.agrees) { row.className = 'bad'; }
    });
    var foot = $('receivables-table').tFoot;
    clear(foot);
    var sum = foot.insertRow();
    cell(sum, t('total'));
    [report.days0To30, report.days31To90, report.over90Days].forEach(function (value) { cell(sum, money(value), 'number'); });
    cell(sum, '');
    cell(sum, '');
    cell(sum, money(report.outstanding), 'number');
    cell(sum, yesNo(report.agrees)).setAttribute('data-value', String(report.agrees));
  }

  function renderCheckpoint(verification, checkpoint) {
    $('chain-intact').textContent = yesNo(verification.chain.isIntact);
    $('balances-agree').textContent = yesNo(verification.balanceMismatches.length === 0);
    $('checkpoint-sequence').textContent = String(checkpoint.sequence);
    $('checkpoint-hash').textContent = checkpoint.hash;
    $('checkpoint-signed-at').textContent = checkpoint.signedAt;
    $('checkpoint-key-id').textContent = checkpoint.keyId || '';
  }

  function renderPublications(data) {
    var count = (data.publications || []).length;
    var text = count === 0 ? t('none')
      : t('published') + count + (data.publicationsVerified ? t('ofVerified') + data.publicationsVerified.verified : '');
    $('publications-verified').textContent = text;
  }

  function verifyKept() {
    var result = $('kept-result');
    var kept;
    try { kept = JSON.parse($('kept').value); } catch (e) { result.textContent = t('keptBad'); return; }
    if (!kept || typeof kept !== 'object' || typeof kept.sequence !== 'number' || typeof kept.hash !== 'string') { result.textContent = t('keptBad'); return; }
    var body = typeof kept.signature === 'string'
      ? { signed: [{ ledger: kept.ledger, sequence: kept.sequence, hash: kept.hash, signedAt: kept.signedAt, keyId: kept.keyId || null, signature: kept.signature }] }
      : { checkpoints: [{ sequence: kept.sequence, hash: kept.hash }] };
    result.textContent = t('loading');
    call('audit', { body: body }).then(function (report) {
      var problems = report.findings.filter(function (f) { return f.code.indexOf('checkpoint') === 0 || f.code.indexOf('chain') === 0; });
      result.textContent = report.checkpointsVerified === 1 && problems.length === 0
        ? t('keptVerified')
        : t('keptFailed') + problems.map(function (f) { return f.message; }).join(' ');
    }).catch(function (failure) { result.textContent = failure.message; });
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function download(button) {
    var exportStatus = $('export-status');
    var name = ledger + '-' + button.getAttribute('data-file');
    exportStatus.textContent = t('downloading');
    call(button.getAttribute('data-export'), { blob: true }).then(function (blob) {
      save(blob, name);
      exportStatus.textContent = t('downloaded') + name;
    }).catch(function (failure) { exportStatus.textContent = failure.message; });
  }

  function keepCheckpoint() {
    if (!rendered) { return; }
    save(new Blob([JSON.stringify(rendered.checkpoint, null, 2)], { type: 'application/json' }), ledger + '-checkpoint-' + rendered.checkpoint.sequence + '.json');
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('ledger').textContent = ledger;
    applyLanguage();
    $('language').addEventListener('click', function () {
      language = language === 'zh' ? 'en' : 'zh';
      sessionStorage.setItem(LANGUAGE_ITEM, language);
      applyLanguage();
    });
    $('key-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var input = $('key');
      var key = input.value.trim();
      input.value = '';
      if (key) { sessionStorage.setItem(KEY_ITEM, key); }
      load();
    });
    $('forget').addEventListener('click', function () {
      sessionStorage.removeItem(KEY_ITEM);
      rendered = null;
      $('dashboard').hidden = true;
      showError('');
      status('forgotten');
    });
    $('keep-checkpoint').addEventListener('click', keepCheckpoint);
    $('verify-kept').addEventListener('click', verifyKept);
    var exports = document.querySelectorAll('[data-export]');
    for (var i = 0; i < exports.length; i++) {
      exports[i].addEventListener('click', function (event) { download(event.currentTarget); });
    }
    if (sessionStorage.getItem(KEY_ITEM)) { load(); }
  });
}());
