resource "aws_iam_user" "agent" {
  name = "agent"
}

resource "aws_iam_access_key" "agent" {
  user = aws_iam_user.agent.name
}

resource "aws_ssm_parameter" "agent_token" {
  name  = "/agents/boot-token"
  type  = "SecureString"
  value = aws_iam_access_key.agent.secret
}
