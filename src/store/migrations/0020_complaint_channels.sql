-- 0020: a complaint's channel is one of the calls' channel codes (phone, email, chat,
-- walk_in, wechat) since the register form offers them as a choice. Complaints registered
-- before kept the word typed in the form (its hint said 电话/邮件/网上/到店, phone/email/
-- online/visit, in either language): the known words become their code, trimmed, English
-- in any case. Any other text stays as it was typed (the complaint's page shows it as-is).
UPDATE complaints
SET channel = CASE
    WHEN lower(trim(channel, ' ' || char(9, 10, 13, 12288)))
        IN ('电话', '来电', '热线', '电话投诉', 'phone', 'telephone', 'tel', 'call', 'phone call', 'hotline')
        THEN 'phone'
    WHEN lower(trim(channel, ' ' || char(9, 10, 13, 12288)))
        IN ('电子邮件', '邮件', '邮箱', '电邮', 'email', 'e-mail', 'mail')
        THEN 'email'
    WHEN lower(trim(channel, ' ' || char(9, 10, 13, 12288)))
        IN ('在线客服', '网上', '在线', '网络', 'online chat', 'online', 'chat', 'web')
        THEN 'chat'
    WHEN lower(trim(channel, ' ' || char(9, 10, 13, 12288)))
        IN ('到店', '来店', '进店', 'walk-in', 'walk in', 'walkin', 'walk_in', 'visit', 'in person')
        THEN 'walk_in'
    WHEN lower(trim(channel, ' ' || char(9, 10, 13, 12288)))
        IN ('微信', 'wechat', 'we chat', 'weixin')
        THEN 'wechat'
    ELSE channel
END
WHERE channel NOT IN ('phone', 'email', 'chat', 'walk_in', 'wechat');
