# Container definitions as a JSON heredoc: the last entry's line goes and
# the comma before it too, so the JSON stays valid.
resource "aws_iam_access_key" "svc" {
  user = "svc"
}

resource "aws_ecs_task_definition" "svc" {
  family                = "svc"
  container_definitions = <<-JSON
    [
      {
        "name": "svc",
        "image": "svc:1",
        "environment": [
          {"name": "REGION", "value": "eu-west-1"},
          {"name": "AWS_SECRET_ACCESS_KEY", "value": "${aws_iam_access_key.svc.secret}"}
        ]
      }
    ]
  JSON
}
