# Engine scenarios recorded with Terraform 1.0.3 into tests/fixtures/engine (see record_engine_fixtures.py).
# Each scenario: a list of (files, plan arguments) steps applied in one working directory.
R = lambda n, body="": f'resource "null_resource" "{n}" {{\n{body}}}\n'
CBD = "  lifecycle {\n    create_before_destroy = true\n  }\n"
mod = 'variable "n" {}\nresource "null_resource" "r" {\n  triggers = { n = var.n }\n}\noutput "id" { value = null_resource.r.id }\noutput "n" { value = var.n }\n'
scenarios["count-to-zero"] = [({"main.tf": R("a", "  count = 2\n")}, []), ({"main.tf": R("a", "  count = 0\n")}, [])]
scenarios["foreach-set"] = [({"main.tf": R("a", '  for_each = toset(["x","y"])\n  triggers = { k = each.key }\n')}, []), ({"main.tf": R("a", '  for_each = toset(["y","z"])\n  triggers = { k = each.key }\n')}, [])]
scenarios["count-to-foreach"] = [({"main.tf": R("a", "  count = 1\n")}, []), ({"main.tf": R("a", '  for_each = toset(["k"])\n')}, [])]
scenarios["cbd-dependent"] = [({"main.tf": R("a", '  triggers = { v = "1" }\n') + R("b", '  triggers = { a = null_resource.a.id }\n  lifecycle {\n    create_before_destroy = true\n  }\n')}, []),
                              ({"main.tf": R("a", '  triggers = { v = "2" }\n') + R("b", '  triggers = { a = null_resource.a.id }\n  lifecycle {\n    create_before_destroy = true\n  }\n')}, [])]
mod = 'variable "n" {}\nresource "null_resource" "r" {\n  triggers = { n = var.n }\n}\noutput "id" { value = null_resource.r.id }\noutput "n" { value = var.n }\n'
scenarios["module-foreach"] = [({"main.tf": 'module "m" {\n  source = "./modules/m"\n  for_each = toset(["a","b"])\n  n = each.key\n}\noutput "ns" { value = { for k, m in module.m : k => m.n } }\n', "modules/m/main.tf": mod}, []),
                               ({"main.tf": 'module "m" {\n  source = "./modules/m"\n  for_each = toset(["b","c"])\n  n = each.key\n}\noutput "ns" { value = { for k, m in module.m : k => m.n } }\n', "modules/m/main.tf": mod}, [])]
scenarios["target-module"] = [({"main.tf": 'module "m" {\n  source = "./modules/m"\n  n = "1"\n}\n' + R("x"), "modules/m/main.tf": mod}, ["-target=module.m"])]
scenarios["replace-module-instance"] = [({"main.tf": 'module "m" {\n  source = "./modules/m"\n  count = 2\n  n = count.index\n}\n', "modules/m/main.tf": mod}, []),
                                        ({"main.tf": 'module "m" {\n  source = "./modules/m"\n  count = 2\n  n = count.index\n}\n', "modules/m/main.tf": mod}, ["-replace=module.m[1].null_resource.r"])]
scenarios["destroy-target"] = [({"main.tf": R("a") + R("b", "  depends_on = [null_resource.a]\n")}, []), ({"main.tf": R("a") + R("b", "  depends_on = [null_resource.a]\n")}, ["-destroy", "-target=null_resource.a"])]
scenarios["prevent-destroy-count"] = [({"main.tf": R("a", "  count = 2\n  lifecycle {\n    prevent_destroy = true\n  }\n")}, []), ({"main.tf": R("a", "  count = 1\n  lifecycle {\n    prevent_destroy = true\n  }\n")}, [])]
scenarios["unknown-foreach"] = [({"main.tf": R("a") + R("b", "  for_each = toset([null_resource.a.id])\n")}, [])]
scenarios["output-change"] = [({"main.tf": R("a") + 'output "o" { value = null_resource.a.id }\n'}, []), ({"main.tf": R("a") + 'output "o" { value = "x" }\n'}, [])]
scenarios["depends-chain"] = [({"main.tf": R("a", '  triggers = { v = "1" }\n') + R("b", "  depends_on = [null_resource.a]\n") + R("c", "  triggers = { b = null_resource.b.id }\n")}, []),
                              ({"main.tf": R("a", '  triggers = { v = "2" }\n') + R("b", "  depends_on = [null_resource.a]\n") + R("c", "  triggers = { b = null_resource.b.id }\n")}, [])]
scenarios["data-depends-on"] = [({"main.tf": R("a") + 'data "null_data_source" "d" {\n  inputs = { x = "1" }\n  depends_on = [null_resource.a]\n}\n'}, []),
                                ({"main.tf": R("a") + 'data "null_data_source" "d" {\n  inputs = { x = "1" }\n  depends_on = [null_resource.a]\n}\n'}, [])]
scenarios["triggers-remove-key"] = [({"main.tf": R("a", '  triggers = { a = "1", b = "2" }\n')}, []), ({"main.tf": R("a", '  triggers = { a = "1" }\n')}, []), ({"main.tf": R("a")}, [])]
R = lambda n, body="": f'resource "null_resource" "{n}" {{\n{body}}}\n'
mod = 'variable "n" {}\nresource "null_resource" "r" {\n  triggers = { n = var.n }\n}\noutput "id" { value = null_resource.r.id }\noutput "n" { value = var.n }\n'
scenarios["module-output-to-resource"] = [({"main.tf": 'module "m" {\n  source = "./modules/m"\n  n = "1"\n}\n' + R("x", "  triggers = { m = module.m.id }\n"), "modules/m/main.tf": mod}, []),
    ({"main.tf": 'module "m" {\n  source = "./modules/m"\n  n = "2"\n}\n' + R("x", "  triggers = { m = module.m.id }\n"), "modules/m/main.tf": mod}, [])]
scenarios["module-input-from-resource"] = [({"main.tf": R("a") + 'module "m" {\n  source = "./modules/m"\n  n = null_resource.a.id\n}\n', "modules/m/main.tf": mod}, []),
    ({"main.tf": R("a", '  triggers = { v = "x" }\n') + 'module "m" {\n  source = "./modules/m"\n  n = null_resource.a.id\n}\n', "modules/m/main.tf": mod}, [])]
scenarios["resource-cycle"] = [({"main.tf": R("a", "  triggers = { b = null_resource.b.id }\n") + R("b", "  triggers = { a = null_resource.a.id }\n")}, [])]
scenarios["count-from-variable"] = [({"main.tf": 'variable "n" {\n  default = 2\n}\n' + R("a", "  count = var.n\n")}, []), ({"main.tf": 'variable "n" {\n  default = 2\n}\n' + R("a", "  count = var.n\n")}, ["-var=n=3"])]
scenarios["foreach-map-objects"] = [({"main.tf": 'locals {\n  svc = { web = { port = 80 }, api = { port = 8080 } }\n}\n' + R("a", "  for_each = local.svc\n  triggers = { port = each.value.port }\n") + 'output "ports" { value = { for k, r in null_resource.a : k => r.triggers.port } }\n'}, []),
    ({"main.tf": 'locals {\n  svc = { web = { port = 81 }, api = { port = 8080 } }\n}\n' + R("a", "  for_each = local.svc\n  triggers = { port = each.value.port }\n") + 'output "ports" { value = { for k, r in null_resource.a : k => r.triggers.port } }\n'}, [])]
scenarios["splat-output"] = [({"main.tf": R("a", "  count = 3\n  triggers = { i = count.index }\n") + 'output "ids" { value = length(null_resource.a[*].id) }\noutput "t" { value = null_resource.a[*].triggers.i }\n'}, [])]
scenarios["target-instance-foreach"] = [({"main.tf": R("a", '  for_each = toset(["x","y"])\n')}, ['-target=null_resource.a["x"]'])]
scenarios["refresh-false"] = [({"main.tf": R("a")}, []), ({"main.tf": R("a", '  triggers = { v = "1" }\n')}, ["-refresh=false"])]
scenarios["var-validation-engine"] = [({"main.tf": 'variable "n" {\n  default = 5\n  validation {\n    condition     = var.n < 3\n    error_message = "Too big."\n  }\n}\n' + R("a", "  count = var.n\n")}, [])]
scenarios["destroy-module"] = [({"main.tf": 'module "m" {\n  source = "./modules/m"\n  n = "1"\n}\n' + R("x"), "modules/m/main.tf": mod}, []),
    ({"main.tf": 'module "m" {\n  source = "./modules/m"\n  n = "1"\n}\n' + R("x"), "modules/m/main.tf": mod}, ["-destroy", "-target=module.m"])]
scenarios["ignore-all-then-change"] = [({"main.tf": R("a", '  triggers = { v = "1" }\n  lifecycle {\n    ignore_changes = all\n  }\n')}, []), ({"main.tf": R("a", '  triggers = { v = "2" }\n  lifecycle {\n    ignore_changes = all\n  }\n')}, [])]
scenarios["replace-all-count"] = [({"main.tf": R("a", "  count = 2\n")}, []), ({"main.tf": R("a", "  count = 2\n")}, ["-replace=null_resource.a"])]
scenarios["nested-module-count"] = [({"main.tf": 'module "o" {\n  source = "./modules/o"\n  count = 2\n}\n', "modules/o/main.tf": 'module "i" {\n  source = "../i"\n}\n', "modules/i/main.tf": R("z")}, [])]
scenarios["count-negative"] = [({"main.tf": R("a", "  count = -1\n")}, [])]
scenarios["count-fraction"] = [({"main.tf": R("a", "  count = 1.5\n")}, [])]
scenarios["count-string"] = [({"main.tf": R("a", '  count = "2"\n')}, [])]
scenarios["count-null"] = [({"main.tf": R("a", "  count = null\n")}, [])]
scenarios["foreach-null"] = [({"main.tf": R("a", "  for_each = null\n")}, [])]
scenarios["foreach-sensitive"] = [({"main.tf": 'variable "s" {\n  default = ["a"]\n  sensitive = true\n}\n' + R("a", "  for_each = toset(var.s)\n")}, [])]
scenarios["foreach-set-numbers"] = [({"main.tf": R("a", "  for_each = toset([1, 2])\n")}, [])]
scenarios["ref-count-without-index"] = [({"main.tf": R("a", "  count = 2\n") + R("b", "  triggers = { a = null_resource.a.id }\n")}, [])]
scenarios["ref-single-with-index"] = [({"main.tf": R("a") + R("b", "  triggers = { a = null_resource.a[0].id }\n")}, [])]
scenarios["unknown-attr"] = [({"main.tf": R("a") + R("b", "  triggers = { a = null_resource.a.nope }\n")}, [])]
scenarios["bad-arg"] = [({"main.tf": R("a", "  trigers = {}\n")}, [])]
scenarios["unknown-type"] = [({"main.tf": 'resource "null_thing" "a" {}\n'}, [])]
scenarios["self-in-triggers"] = [({"main.tf": R("a", "  triggers = { x = self.id }\n")}, [])]
scenarios["depends-on-bad"] = [({"main.tf": R("a", "  depends_on = [null_resource.nope]\n")}, [])]
scenarios["each-without-foreach"] = [({"main.tf": R("a", "  triggers = { k = each.key }\n")}, [])]
scenarios["count-index-without-count"] = [({"main.tf": R("a", "  triggers = { k = count.index }\n")}, [])]
scenarios["output-sensitive-resource"] = [({"main.tf": 'variable "s" {\n  default = "x"\n  sensitive = true\n}\n' + R("a", "  triggers = { s = var.s }\n") + 'output "t" { value = null_resource.a.triggers }\n'}, [])]
scenarios["data-count"] = [({"main.tf": 'data "null_data_source" "d" {\n  count = 2\n  inputs = { i = count.index }\n}\noutput "o" { value = data.null_data_source.d[*].outputs.i }\n'}, [])]
scenarios["data-foreach-from-resource"] = [({"main.tf": R("a") + 'data "null_data_source" "d" {\n  for_each = toset(["x"])\n  inputs = { id = null_resource.a.id, k = each.key }\n}\n'}, []), ({"main.tf": R("a") + 'data "null_data_source" "d" {\n  for_each = toset(["x"])\n  inputs = { id = null_resource.a.id, k = each.key }\n}\n'}, [])]
scenarios["data-removed"] = [({"main.tf": 'data "null_data_source" "d" {\n  inputs = { a = "1" }\n}\n'}, []), ({"main.tf": R("x")}, [])]
scenarios["module-count-zero"] = [({"main.tf": 'module "m" {\n  source = "./m"\n  count = 1\n}\n', "m/main.tf": R("r")}, []), ({"main.tf": 'module "m" {\n  source = "./m"\n  count = 0\n}\n', "m/main.tf": R("r")}, [])]
scenarios["module-source-change"] = [({"main.tf": 'module "m" {\n  source = "./a"\n}\n', "a/main.tf": R("r"), "b/main.tf": R("r", '  triggers = { v = "b" }\n')}, []), ({"main.tf": 'module "m" {\n  source = "./b"\n}\n', "a/main.tf": R("r"), "b/main.tf": R("r", '  triggers = { v = "b" }\n')}, [])]
scenarios["rename-resource"] = [({"main.tf": R("a")}, []), ({"main.tf": R("b")}, [])]
scenarios["target-with-output"] = [({"main.tf": R("a") + R("b") + 'output "o" { value = null_resource.b.id }\n'}, ["-target=null_resource.a"])]
scenarios["replace-with-cbd-dependent"] = [({"main.tf": R("a") + R("b", "  triggers = { a = null_resource.a.id }\n  lifecycle {\n    create_before_destroy = true\n  }\n")}, []), ({"main.tf": R("a") + R("b", "  triggers = { a = null_resource.a.id }\n  lifecycle {\n    create_before_destroy = true\n  }\n")}, ["-replace=null_resource.a"])]
scenarios["foreach-key-with-special-chars"] = [({"main.tf": R("a", '  for_each = toset(["a b", "c\\"d", "é"])\n')}, []), ({"main.tf": R("a", '  for_each = toset(["a b"])\n')}, [])]
scenarios["count-then-remove-resource"] = [({"main.tf": R("a", "  count = 2\n") + R("b", "  count = length(null_resource.a)\n")}, []), ({"main.tf": R("b", "  count = 2\n")}, [])]
scenarios["depends-on-module-output"] = [({"main.tf": 'module "m" {\n  source = "./m"\n}\n' + R("x", "  depends_on = [module.m]\n"), "m/main.tf": R("r")}, []), ({"main.tf": 'module "m" {\n  source = "./m"\n}\n' + R("x", "  depends_on = [module.m]\n"), "m/main.tf": R("r", '  triggers = { v = "2" }\n')}, [])]
scenarios["cbd-chain-inherit"] = [({"main.tf": R("a", '  triggers = { v = var.v }\n') + R("b", "  triggers = { a = null_resource.a.id }\n") + R("c", "  triggers = { b = null_resource.b.id }\n" + CBD) + 'variable "v" { default = "1" }\n'}, []),
                                 ({"main.tf": R("a", '  triggers = { v = var.v }\n') + R("b", "  triggers = { a = null_resource.a.id }\n") + R("c", "  triggers = { b = null_resource.b.id }\n" + CBD) + 'variable "v" { default = "1" }\n'}, ["-var=v=2"])]
scenarios["cbd-on-referenced-only"] = [({"main.tf": R("a", '  triggers = { v = var.v }\n' + CBD) + R("b", "  triggers = { a = null_resource.a.id }\n") + 'variable "v" { default = "1" }\n'}, []),
                                      ({"main.tf": R("a", '  triggers = { v = var.v }\n' + CBD) + R("b", "  triggers = { a = null_resource.a.id }\n") + 'variable "v" { default = "1" }\n'}, ["-var=v=2"])]
scenarios["target-count-index-dependents"] = [({"main.tf": R("a", "  count = 2\n") + R("b", "  count = 2\n  triggers = { a = null_resource.a[count.index].id }\n")}, ["-target=null_resource.b[1]"])]
scenarios["target-then-full"] = [({"main.tf": R("a") + R("b")}, ["-target=null_resource.a"]), ({"main.tf": R("a") + R("b")}, [])]
scenarios["replace-dependency-cascade"] = [({"main.tf": R("a") + R("b", "  triggers = { a = null_resource.a.id }\n") + R("c", "  depends_on = [null_resource.b]\n")}, []),
                                          ({"main.tf": R("a") + R("b", "  triggers = { a = null_resource.a.id }\n") + R("c", "  depends_on = [null_resource.b]\n")}, ["-replace=null_resource.a"])]
scenarios["destroy-everything-with-modules"] = [({"main.tf": 'module "m" {\n  source = "./m"\n  count = 2\n}\n' + R("x", "  depends_on = [module.m]\n"), "m/main.tf": R("r", "  count = 2\n")}, []),
                                               ({"main.tf": 'module "m" {\n  source = "./m"\n  count = 2\n}\n' + R("x", "  depends_on = [module.m]\n"), "m/main.tf": R("r", "  count = 2\n")}, ["-destroy"])]
scenarios["foreach-value-change-update"] = [({"main.tf": R("a", '  for_each = { x = "1", y = "2" }\n  triggers = { v = each.value }\n')}, []), ({"main.tf": R("a", '  for_each = { x = "1", y = "3" }\n  triggers = { v = each.value }\n')}, [])]
scenarios["triggers-null-vs-empty"] = [({"main.tf": R("a", "  triggers = {}\n")}, []), ({"main.tf": R("a")}, []), ({"main.tf": R("a", "  triggers = null\n")}, [])]
