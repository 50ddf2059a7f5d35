-- End-to-end with a real editor: Neovim's built-in LSP client starts
-- `llmlint server`, opens each file, waits for diagnostics and compares their
-- rule ids and lines with what `llmlint check` reports for the same file;
-- then applies code actions and checks the buffer.
-- The server is started by the README's snippet (LLMLINT_SNIPPET) when the
-- first file's type is set, as in a user's configuration.
-- Environment: LLMLINT_SNIPPET, LLMLINT_ROOT, LLMLINT_CASES ("file=rule:line,rule:line;file=…").
local root = os.getenv("LLMLINT_ROOT")
local failures = 0

local function say(msg)
  io.stderr:write(msg .. "\n")
end

local function fail(msg)
  failures = failures + 1
  say("FAIL: " .. msg)
end

vim.cmd("filetype on")
dofile(os.getenv("LLMLINT_SNIPPET"))

-- The llmlint client attached to a buffer (0.7 has no `get_clients`).
local function attached(buf)
  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = buf })
    or vim.tbl_values(vim.lsp.buf_get_clients(buf))
  for _, c in ipairs(clients) do
    if c.name == "llmlint" then
      return c
    end
  end
end
local client_id, client

local function code_of(d)
  if d.code then
    return d.code
  end
  return d.user_data and d.user_data.lsp and d.user_data.lsp.code
end

local function open(path, expected)
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  vim.wait(5000, function()
    return attached(buf) ~= nil
  end, 20)
  client = attached(buf)
  if not client then
    say("FAIL: the README's snippet did not start llmlint for " .. path)
    vim.cmd("cquit 1")
  end
  client_id = client.id
  vim.wait(15000, function()
    return #vim.diagnostic.get(buf) >= #expected
  end, 20)
  -- Let any later publication settle.
  vim.wait(300, function() return false end, 50)
  local got = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(got, code_of(d) .. ":" .. (d.lnum + 1))
  end
  table.sort(got)
  table.sort(expected)
  local a, b = table.concat(got, ","), table.concat(expected, ",")
  if a ~= b then
    fail(path .. ": editor shows [" .. a .. "], llmlint check reports [" .. b .. "]")
  else
    say("ok: " .. path .. " [" .. a .. "]")
  end
  return buf
end

-- Code actions for a line, as the server offers them (it uses its own
-- diagnostics when the client sends none).
local function actions(buf, line)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = line, character = 0 }, ["end"] = { line = line + 1, character = 0 } },
    context = { diagnostics = {} },
  }
  local resp = client.request_sync("textDocument/codeAction", params, 10000, buf)
  return (resp and resp.result) or {}
end

local cases = {}
for entry in string.gmatch(os.getenv("LLMLINT_CASES") or "", "[^;]+") do
  local file, list = entry:match("^(.-)=(.*)$")
  local expected = {}
  for item in string.gmatch(list, "[^,]+") do
    table.insert(expected, item)
  end
  table.insert(cases, { file = file, expected = expected })
end

for i, case in ipairs(cases) do
  local buf = open(case.file, case.expected)
  local diags = vim.diagnostic.get(buf)
  if i == 1 and #diags > 0 then
    -- The fix of a retired model swaps the id in the buffer.
    local d = diags[1]
    local before = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
    local applied = nil
    for _, a in ipairs(actions(buf, d.lnum)) do
      if not a.title:match("^Ignore ") then
        vim.lsp.util.apply_workspace_edit(a.edit, "utf-16")
        applied = a
        break
      end
    end
    local after = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
    if not applied or after == before then
      fail("fix action did not change line " .. (d.lnum + 1) .. ": " .. after)
    else
      say("ok: fix action: " .. vim.trim(after))
    end
    -- "Ignore on this line": the comment lands on the finding's line.
    local d2 = diags[2] or d
    for _, a in ipairs(actions(buf, d2.lnum)) do
      if a.title:match("^Ignore ") then
        vim.lsp.util.apply_workspace_edit(a.edit, "utf-16")
        break
      end
    end
    local text = vim.api.nvim_buf_get_lines(buf, d2.lnum, d2.lnum + 1, false)[1] or ""
    if not text:find("llmlint: ignore[" .. code_of(d2) .. "]", 1, true) then
      fail("ignore action: line " .. (d2.lnum + 1) .. " is now: " .. text)
    else
      say("ok: ignore action: " .. vim.trim(text))
    end
  end
end

vim.lsp.stop_client(client_id)
if failures > 0 then
  vim.cmd("cquit 1")
end
vim.cmd("qall!")
