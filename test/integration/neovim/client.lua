-- A real second LSP client: Neovim 0.7 (Debian's package), headless. It starts
-- `mlpipe lsp --stdio`, opens a pipeline and asks for diagnostics, a hover, completion, a quick
-- fix and formatting, applying the edits as Neovim itself does. Everything it saw goes to the
-- JSON file named by MLPIPE_NVIM_OUT; the Node test asserts on it.
local out = { steps = {} }
local env = vim.env

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(out) }, env.MLPIPE_NVIM_OUT)
  vim.cmd('qa!')
end

local function run()
  vim.g.do_filetype_lua = 1 -- also set with --cmd: it must be set before startup to take effect
  vim.filetype.add({ extension = { mlpipe = 'mlpipe' } })

  local id = vim.lsp.start_client({
    name = 'mlpipe',
    cmd = { env.MLPIPE_NODE, env.MLPIPE_CLI, 'lsp', '--stdio' },
    root_dir = env.MLPIPE_DIR,
    capabilities = vim.lsp.protocol.make_client_capabilities(),
  })
  assert(id, 'the language server did not start')
  vim.cmd('edit ' .. vim.fn.fnameescape(env.MLPIPE_FILE))
  local buf = vim.api.nvim_get_current_buf()
  out.filetype = vim.bo[buf].filetype
  vim.lsp.buf_attach_client(buf, id)
  local client = vim.lsp.get_client_by_id(id)
  out.snippetSupport = vim.lsp.protocol.make_client_capabilities().textDocument.completion.completionItem.snippetSupport
  local uri = vim.uri_from_bufnr(buf)

  -- Diagnostics, published on open.
  local ok = vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  assert(ok, 'no diagnostics within 30 s')
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(out.diagnostics, { code = d.user_data and d.user_data.lsp and d.user_data.lsp.code, message = d.message, lnum = d.lnum, col = d.col,
      href = d.user_data and d.user_data.lsp and d.user_data.lsp.codeDescription and d.user_data.lsp.codeDescription.href })
  end
  table.insert(out.steps, 'diagnostics')

  local function at(line, character)
    return { textDocument = { uri = uri }, position = { line = line, character = character } }
  end
  local function request(method, params)
    local r, err = client.request_sync(method, params, 15000, buf)
    assert(r, method .. ' failed: ' .. tostring(err))
    assert(not r.err, method .. ': ' .. vim.inspect(r.err))
    return r.result
  end

  -- Hover on the `data customers` header.
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local function find(pattern)
    for i, l in ipairs(lines) do
      local s = l:find(pattern)
      if s then return i - 1, s - 1 end
    end
    error('not found: ' .. pattern)
  end
  local hl, hc = find('data customers')
  local hover = request('textDocument/hover', at(hl, hc + 6))
  out.hover = hover and hover.contents
  table.insert(out.steps, 'hover')

  -- Completion at the start of an empty line after the pipeline line.
  local cl = find('^pipeline ')
  vim.api.nvim_buf_set_lines(buf, cl + 1, cl + 1, false, { '' })
  local completion = request('textDocument/completion', at(cl + 1, 0))
  vim.api.nvim_buf_set_lines(buf, cl + 1, cl + 2, false, {})
  out.completion = {}
  for _, item in ipairs(completion.items or completion) do
    table.insert(out.completion, { label = item.label, insertText = item.insertText, insertTextFormat = item.insertTextFormat })
  end
  table.insert(out.steps, 'completion')

  -- The quick fix for the misspelled name, with the diagnostic as Neovim 0.7 sends it back
  -- (its character columns are byte columns).
  local typo = nil
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.message:find('Did you mean') then typo = d end
  end
  assert(typo, 'no did-you-mean diagnostic')
  local sent = vim.lsp.diagnostic.get_line_diagnostics(buf, typo.lnum)
  out.sentBack = sent
  local params = vim.lsp.util.make_range_params()
  params.range = sent[1].range
  params.context = { diagnostics = sent, only = { 'quickfix' } }
  local actions = request('textDocument/codeAction', params)
  out.actions = {}
  for _, a in ipairs(actions) do table.insert(out.actions, a.title) end
  vim.lsp.util.apply_workspace_edit(actions[1].edit, client.offset_encoding)
  out.fixedLine = vim.api.nvim_buf_get_lines(buf, typo.lnum, typo.lnum + 1, false)[1]
  local gone = vim.wait(30000, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.message:find('Did you mean') then return false end
    end
    return true
  end, 20)
  out.typoGone = gone
  out.afterFix = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do table.insert(out.afterFix, d.message) end
  table.insert(out.steps, 'quickfix')

  -- Formatting a line written carelessly.
  local tl = find('^  test = ')
  vim.api.nvim_buf_set_lines(buf, tl, tl + 1, false, { 'test    =   0.2' })
  local edits = request('textDocument/formatting', { textDocument = { uri = uri }, options = { tabSize = 2, insertSpaces = true } })
  out.formatEdits = #edits
  vim.lsp.util.apply_text_edits(edits, buf, client.offset_encoding)
  out.formattedLine = vim.api.nvim_buf_get_lines(buf, tl, tl + 1, false)[1]
  table.insert(out.steps, 'formatting')

  client.stop()
  vim.wait(5000, function() return client.is_stopped() end, 20)
  out.stopped = client.is_stopped()
end

local ok, err = pcall(run)
if not ok then out.error = tostring(err) end
finish()
