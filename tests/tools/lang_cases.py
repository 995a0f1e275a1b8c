# Multi-file language cases recorded with Terraform 1.0.3 into tests/fixtures/lang (see record_lang_dirs.py).
cases["tfvars-precedence"] = ({"main.tf": 'variable "a" {}\nvariable "b" {}\nvariable "c" { default = "d" }\noutput "o" { value = "${var.a}${var.b}${var.c}" }\n', "terraform.tfvars": 'a = "1"\nb = "1"\n', "x.auto.tfvars": 'b = "2"\n', "f.tfvars": 'c = "3"\n'}, ["-var-file=f.tfvars", "-var", "a=9"])
cases["var-list-cli"] = ({"main.tf": 'variable "l" { type = list(number) }\noutput "o" { value = var.l }\n'}, ["-var", "l=[1,2]"])
cases["var-missing"] = ({"main.tf": 'variable "l" { type = list(number) }\noutput "o" { value = var.l }\n'}, [])
cases["var-bad-cli"] = ({"main.tf": 'variable "n" { type = number }\noutput "o" { value = var.n }\n'}, ["-var", "n=abc"])
cases["undeclared-cli"] = ({"main.tf": 'output "o" { value = 1 }\n'}, ["-var", "zz=1"])
cases["undeclared-tfvars"] = ({"main.tf": 'output "o" { value = 1 }\n', "terraform.tfvars": 'zz = 1\n'}, [])
cases["module-missing-arg"] = ({"main.tf": 'module "m" {\n  source = "./m"\n}\n', "m/main.tf": 'variable "x" {}\n'}, [])
cases["module-extra-arg"] = ({"main.tf": 'module "m" {\n  source = "./m"\n  y = 1\n}\n', "m/main.tf": 'variable "x" {\n  default = 1\n}\n'}, [])
cases["module-bad-type"] = ({"main.tf": 'module "m" {\n  source = "./m"\n  x = "abc"\n}\n', "m/main.tf": 'variable "x" {\n  type = number\n}\noutput "o" { value = var.x }\n'}, [])
cases["module-output-undeclared"] = ({"main.tf": 'module "m" {\n  source = "./m"\n}\noutput "o" { value = module.m.nope }\n', "m/main.tf": 'output "a" { value = 1 }\n'}, [])
cases["module-sensitive-output"] = ({"main.tf": 'module "m" {\n  source = "./m"\n}\noutput "o" { value = module.m.s }\n', "m/main.tf": 'output "s" {\n  value = "x"\n  sensitive = true\n}\n'}, [])
cases["json-config"] = ({"main.tf.json": '{"variable": {"v": {"default": "x"}}, "locals": {"l": "${var.v}-y"}, "output": {"o": {"value": "${local.l}"}}}'}, [])
cases["output-depends-on"] = ({"main.tf": 'locals { a = 1 }\noutput "o" {\n  value = local.a\n  depends_on = [local.a]\n}\n'}, [])
cases["dup-local"] = ({"main.tf": 'locals { a = 1 }\nlocals { a = 2 }\n'}, [])
cases["dup-variable"] = ({"main.tf": 'variable "a" {}\nvariable "a" {}\n'}, [])
cases["unknown-arg-output"] = ({"main.tf": 'output "o" {\n  value = 1\n  valeu = 2\n}\n'}, [])
cases["syntax-error"] = ({"main.tf": 'output "o" {\n  value = (1 +\n}\n'}, [])
cases["self-ref-local"] = ({"main.tf": 'locals { a = local.a }\n'}, [])
cases["count-in-output"] = ({"main.tf": 'output "o" { value = count.index }\n'}, [])
cases["each-in-local"] = ({"main.tf": 'locals { a = each.key }\n'}, [])
cases["path-bad"] = ({"main.tf": 'output "o" { value = path.nope }\n'}, [])
cases["templatefile-vars"] = ({"main.tf": 'output "o" { value = templatefile("t.tpl", { items = ["a","b"], name = "n" }) }\n', "t.tpl": "%{ for i in items ~}\n- ${i}\n%{ endfor ~}\nname: ${name}\n"}, [])
cases["templatefile-missing-var"] = ({"main.tf": 'output "o" { value = templatefile("t.tpl", {}) }\n', "t.tpl": "${x}"}, [])
cases["fileset-glob"] = ({"main.tf": 'output "o" { value = fileset(path.module, "d/**/*.txt") }\n', "d/a.txt": "a", "d/e/b.txt": "b", "d/c.md": "c"}, [])
cases["file-relative"] = ({"main.tf": 'output "o" { value = file("${path.module}/d/a.txt") }\n', "d/a.txt": "hello\n"}, [])
cases["json-resource-lifecycle"] = ({"main.tf.json": '{"resource": {"null_resource": {"a": {"triggers": {"x": "1"}, "lifecycle": {"create_before_destroy": true}}}}, "output": {"id": {"value": "${null_resource.a.triggers.x}"}}}'}, [])
cases["json-locals-types"] = ({"main.tf.json": '{"locals": {"n": 1.5, "l": [1, "a", true], "m": {"k": "v"}, "t": "x-${1 + 1}"}, "output": {"n": {"value": "${local.n}"}, "l": {"value": "${local.l}"}, "m": {"value": "${local.m}"}, "t": {"value": "${local.t}"}}}'}, [])
cases["json-mixed"] = ({"a.tf": 'locals { x = 1 }\n', "b.tf.json": '{"output": {"x": {"value": "${local.x + 1}"}}}'}, [])
cases["json-escape"] = ({"main.tf.json": '{"output": {"o": {"value": "$${literal} and %%{x}"}}}'}, [])
cases["tfvars-complex"] = ({"main.tf": 'variable "m" {\n  type = map(list(object({ a = number, b = string })))\n}\noutput "o" { value = var.m }\n', "terraform.tfvars": 'm = {\n  x = [{ a = "1", b = 2 }]\n}\n'}, [])
cases["tfvars-json-complex"] = ({"main.tf": 'variable "m" { type = map(set(number)) }\noutput "o" { value = var.m }\n', "terraform.tfvars.json": '{"m": {"x": [3, 1, 2, 1]}}'}, [])
cases["auto-tfvars-order"] = ({"main.tf": 'variable "v" {}\noutput "o" { value = var.v }\n', "b.auto.tfvars": 'v = "b"\n', "a.auto.tfvars": 'v = "a"\n', "terraform.tfvars": 'v = "t"\n'}, [])
cases["tfvars-bad-syntax"] = ({"main.tf": 'variable "v" {}\noutput "o" { value = var.v }\n', "terraform.tfvars": 'v = \n'}, [])
cases["tfvars-function"] = ({"main.tf": 'variable "v" {}\noutput "o" { value = var.v }\n', "terraform.tfvars": 'v = upper("x")\n'}, [])
cases["tfvars-reference"] = ({"main.tf": 'variable "v" {}\noutput "o" { value = var.v }\n', "terraform.tfvars": 'v = var.x\n'}, [])
cases["var-set-of-objects"] = ({"main.tf": 'variable "s" {\n  type = set(object({ n = string }))\n  default = [{ n = "b" }, { n = "a" }, { n = "b" }]\n}\noutput "o" { value = var.s }\n'}, [])
cases["var-tuple-type"] = ({"main.tf": 'variable "t" {\n  type = tuple([string, number])\n  default = ["a", "1"]\n}\noutput "o" { value = var.t }\n'}, [])
cases["var-any-list"] = ({"main.tf": 'variable "a" {\n  type = list(any)\n  default = [1, "a"]\n}\noutput "o" { value = var.a }\n'}, [])
cases["var-any-list-bad"] = ({"main.tf": 'variable "a" {\n  type = list(any)\n  default = [1, {x = 1}]\n}\noutput "o" { value = var.a }\n'}, [])
cases["var-map-any"] = ({"main.tf": 'variable "a" {\n  type = map(any)\n  default = { x = 1, y = "z" }\n}\noutput "o" { value = var.a }\n'}, [])
cases["var-null-default"] = ({"main.tf": 'variable "a" {\n  type = string\n  default = null\n}\noutput "o" { value = var.a == null ? "isnull" : var.a }\n'}, [])
cases["var-sensitive-in-validation"] = ({"main.tf": 'variable "p" {\n  default = "short"\n  sensitive = true\n  validation {\n    condition = length(var.p) > 8\n    error_message = "Too short."\n  }\n}\n'}, [])
cases["validation-bad-message"] = ({"main.tf": 'variable "p" {\n  default = 1\n  validation {\n    condition = var.p > 0\n    error_message = "lowercase no period"\n  }\n}\noutput "o" { value = var.p }\n'}, [])
cases["validation-nonbool"] = ({"main.tf": 'variable "p" {\n  default = 1\n  validation {\n    condition = "x"\n    error_message = "Bad."\n  }\n}\n'}, [])
cases["heredoc-indented-interp"] = ({"main.tf": 'locals { n = ["a","b"] }\noutput "o" {\n  value = <<-EOT\n    items:\n    %{ for x in local.n ~}\n      - ${x}\n    %{ endfor ~}\n    end\n  EOT\n}\n'}, [])
cases["string-escapes"] = ({"main.tf": 'output "o" { value = "tab\\tnl\\nquote\\"backslash\\\\ unicode \\u00e9 \\U0001F600" }\n'}, [])
cases["numbers-in-templates"] = ({"main.tf": 'output "o" { value = "${1/3} ${1e30} ${0.5} ${-0} ${100000000000000000000}" }\n'}, [])
cases["output-null-omitted"] = ({"main.tf": 'output "a" { value = null }\noutput "b" { value = 1 }\n'}, [])
cases["locals-in-multiple-files"] = ({"a.tf": 'locals { x = local.y + 1 }\n', "b.tf": 'locals { y = 2 }\noutput "o" { value = local.x }\n'}, [])
cases["module-outputs-object"] = ({"main.tf": 'module "m" {\n  source = "./m"\n  count = 2\n  i = count.index\n}\noutput "o" { value = module.m[*].sq }\noutput "all" { value = module.m }\n', "m/main.tf": 'variable "i" {}\noutput "sq" { value = var.i * var.i }\n'}, [])
cases["module-foreach-map"] = ({"main.tf": 'module "m" {\n  source = "./m"\n  for_each = { a = 1, b = 2 }\n  i = each.value\n}\noutput "o" { value = { for k, v in module.m : k => v.sq } }\n', "m/main.tf": 'variable "i" {}\noutput "sq" { value = var.i * var.i }\n'}, [])
cases["override-merge-args"] = ({
    "main.tf": 'variable "v" {\n  type        = string\n  default     = "a"\n  description = "primary"\n}\nresource "null_resource" "a" {\n  count    = 2\n  triggers = { x = var.v, y = "keep" }\n}\noutput "o" { value = "primary-${var.v}" }\noutput "n" { value = length(null_resource.a) }\noutput "t" { value = null_resource.a[0].triggers }\n',
    "override.tf": 'variable "v" { default = "b" }\nresource "null_resource" "a" { count = 1 }\noutput "o" { description = "changed" }\n',
    "z_override.tf": 'resource "null_resource" "a" {\n  triggers = { x = "z" }\n}\n',
}, [])
cases["override-for-each-replaces-count"] = ({
    "main.tf": 'resource "null_resource" "a" {\n  count = 3\n}\noutput "keys" { value = keys(null_resource.a) }\n',
    "a_override.tf": 'resource "null_resource" "a" {\n  for_each = toset(["p", "q"])\n}\n',
}, [])
cases["override-missing-resource"] = ({
    "main.tf": 'output "x" { value = 1 }\n',
    "override.tf": 'resource "null_resource" "nope" {}\n',
}, [])
cases["override-missing-variable"] = ({
    "main.tf": 'output "x" { value = 1 }\n',
    "override.tf": 'variable "nope" { default = 1 }\n',
}, [])
cases["override-missing-output"] = ({
    "main.tf": 'output "x" { value = 1 }\n',
    "override.tf": 'output "nope" { value = 2 }\n',
}, [])
cases["override-module-call"] = ({
    "main.tf": 'module "m" {\n  source = "./mod"\n  a      = 1\n  b      = 2\n}\noutput "sum" { value = module.m.sum }\n',
    "override.tf": 'module "m" {\n  b = 40\n}\n',
    "mod/main.tf": 'variable "a" {}\nvariable "b" {}\noutput "sum" { value = var.a + var.b }\n',
}, [])
cases["override-missing-module"] = ({
    "main.tf": 'output "x" { value = 1 }\n',
    "override.tf": 'module "nope" {\n  source = "./mod"\n}\n',
    "mod/main.tf": 'output "y" { value = 2 }\n',
}, [])
