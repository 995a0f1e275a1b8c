# Engine scenarios recorded with Terraform 1.0.3 into tests/fixtures/engine (see record_engine_fixtures.py).
# Each scenario: a list of (files, plan arguments) steps applied in one working directory.
R = lambda n, body="": f'resource "null_resource" "{n}" {{\n{body}}}\n'
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
