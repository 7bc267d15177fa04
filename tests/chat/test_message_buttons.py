"""The Message button beside group members: the same form as on a connected profile
(chat.start), shown only beside the members the viewer is connected with."""

from tests import factories


def test_message_beside_connected_group_members_only(client, auth, app):
    owner, ana, ben, cy = (factories.clinician(name) for name in
                           ("Olu Owner", "Ana Ames", "Ben Brook", "Cy Cole"))
    group = factories.make_group(owner, name="Trauma-focused therapies")
    for member in (ana, ben, cy):
        factories.add_member(group, member)
    factories.connect(ana, ben)
    auth.login(ana.email)
    page = client.get(f"/groups/{group.id}/members").get_data(as_text=True)
    assert f'action="/chat/with/{ben.id}"' in page
    assert f"/chat/with/{cy.id}" not in page and f"/chat/with/{owner.id}" not in page
    assert f"/chat/with/{ana.id}" not in page  # not beside oneself
    started = auth.post(f"/chat/with/{ben.id}")
    assert started.status_code == 302 and "/chat/" in started.headers["Location"]
    factories.block(ben, ana)
    page = client.get(f"/groups/{group.id}/members").get_data(as_text=True)
    assert "/chat/with/" not in page
